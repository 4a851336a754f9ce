// Lists that edit one item at a time (the risk register) open the item an error
// summary link points to before it moves focus there.

/** Opens whatever shows the field at `path`; true if it did. */
export type Revealer = (path: string) => boolean;

const revealers = new Set<Revealer>();

/** Registers a revealer for as long as its list is shown; returns its removal. */
export function onReveal(r: Revealer): () => void {
  revealers.add(r);
  return () => revealers.delete(r);
}

export function reveal(path: string): boolean {
  for (const r of revealers) if (r(path)) return true;
  return false;
}
