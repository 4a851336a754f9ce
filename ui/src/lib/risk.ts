// Risk scores, bands and the 5×5 heat map, shown live as ratings change.
// The bands come from the core (the agreement's template), never from here.
import type { BandInfo } from "../bindings";
import type { Risk } from "../types";

export const LIKELIHOOD = ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"];
export const CONSEQUENCE = ["Negligible", "Minor", "Moderate", "Major", "Catastrophic"];

export function score(likelihood: number | null | undefined, consequence: number | null | undefined): number | null {
  if (!likelihood || !consequence) return null;
  return likelihood * consequence;
}

export function bandFor(s: number | null, bands: BandInfo[]): BandInfo | null {
  if (s === null) return null;
  return bands.find((b) => s >= b.min_score && s <= b.max_score) ?? null;
}

/** The CSS class that colours a score by its band's level (0 = lowest). */
export function bandClass(band: BandInfo | null): string {
  return band ? `band band-level-${Math.min(band.level, 5)}` : "band band-none";
}

export interface HeatCell {
  likelihood: number;
  consequence: number;
  score: number;
  band: BandInfo | null;
  /** Risk ids (or "#n" for risks without one) in this cell. */
  risks: string[];
}

/** Rows from likelihood 5 (top) to 1, columns consequence 1 to 5, as NHS matrices are drawn. */
export function heatMap(risks: Pick<Risk, "id" | "likelihood" | "consequence">[], bands: BandInfo[]): HeatCell[][] {
  const rows: HeatCell[][] = [];
  for (let l = 5; l >= 1; l--) {
    const row: HeatCell[] = [];
    for (let c = 1; c <= 5; c++) {
      row.push({ likelihood: l, consequence: c, score: l * c, band: bandFor(l * c, bands), risks: [] });
    }
    rows.push(row);
  }
  risks.forEach((r, i) => {
    if (!r.likelihood || !r.consequence) return;
    rows[5 - r.likelihood][r.consequence - 1].risks.push(r.id?.trim() || `#${i + 1}`);
  });
  return rows;
}
