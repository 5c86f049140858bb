/** Flow records name a subnet `project/network/region/subnet` (vpc_flows `src_vpc` and the VM's region). */
export function telemetrySubnet(network: string, region: string, subnet: string): string {
  return `${network}/${region}/${subnet}`;
}
