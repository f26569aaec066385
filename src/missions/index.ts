// TODO: replace with the bundled mission directory; until then a stay resolves to no mission.
export function resolveMission(
  _country: string,
  _lon: number,
  _lat: number,
): { code: string } | undefined {
  return undefined;
}
