// Children of a labelled metric, cached by label values in nested maps: after the first use of a
// label combination the hot path is two or three Map lookups, without the label object and hash
// string prom-client's `labels()` builds on every call. Label values must come from bounded sets.
export type ChildLookup<C> = (a: string, b?: string, c?: string) => C;

export function childCache<C>(make: (a: string, b: string, c: string) => C): ChildLookup<C> {
  const root = new Map<string, Map<string, Map<string, C>>>();
  return (a, b = '', c = '') => {
    let level1 = root.get(a);
    if (!level1) root.set(a, (level1 = new Map()));
    let level2 = level1.get(b);
    if (!level2) level1.set(b, (level2 = new Map()));
    let child = level2.get(c);
    if (child === undefined) level2.set(c, (child = make(a, b, c)));
    return child;
  };
}
