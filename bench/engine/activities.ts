// The benchmark's activity: trivial on purpose, so the figures measure the engine and the SDK.
export async function touch(n: number): Promise<number> {
  return n + 1;
}
