/**
 * How much each piece of evidence adds to a detection's 0–100 score, in one table. Verdicts do not come from
 * the score (see verdict.ts); the score orders detections of the same verdict.
 */
export const weights = {
  /** Created by a principal outside `creators.approved`, not waived. */
  unapprovedCreator: 30,
  /** Launched in a region with no earlier activity in the audit logs read, while others had some (T1535). */
  unusedRegion: 15,
  /** No creation record because it appeared while audit logging was stopped: whoever stopped it hid the launch. */
  launchedInGap: 30,
  /** An approved creation that lacks required tags. */
  missingTags: 10,
  /** The same principal's failed launches near the creation (quota probing for GPUs). */
  failedLaunches: 10,
  /** A CPU plateau that rose above the instance's own baseline (or from launch). */
  cpuLevelShift: 30,
  /** A CPU plateau at its usual level. */
  cpuPlateau: 20,
  /** Traffic to a listed pool, a pool domain looked up, or a provider's crypto finding. */
  poolTraffic: 45,
  /** A long, low-volume connection on a stratum port to an unlisted address. */
  stratumPortOnly: 15,
  /** More than one pool destination. */
  severalDestinations: 5,
  /** Per kind of logging tampering in the same scope whose effect overlaps the workload's time, up to the cap. */
  tamperingPerAction: 10,
  tamperingCap: 20,
  /** A detection explained away never scores above this. */
  benignCap: 25,
} as const;
