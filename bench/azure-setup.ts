/** The simulated tenant of the Azure collection benchmark, and how it is served. */
export const azureSetup = {
  subscriptions: Number(process.env.BENCH_SUBSCRIPTIONS ?? 100),
  vmsPerSubscription: Number(process.env.BENCH_VMS ?? 40),
  latencyMs: 30,
  pageSize: 1000,
  concurrency: 64,
  // An opaque static token both the fake and the collecting processes know (never a real one).
  token: 'bench.eyJ0aWQiOiJiZW5jaCIsImFwcGlkIjoiYmVuY2gtY29sbGVjdG9yIn0.token',
};
