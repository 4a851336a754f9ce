import { describe, expect, it } from "vitest";
import { bandFor, bandClass, heatMap, score } from "./risk";
import type { BandInfo } from "../bindings";

const nhs: BandInfo[] = [
  { name: "Low", min_score: 1, max_score: 3, colour: "#00a499", level: 0, high: false },
  { name: "Moderate", min_score: 4, max_score: 6, colour: "#ffeb3b", level: 1, high: false },
  { name: "High", min_score: 8, max_score: 12, colour: "#ed8b00", level: 2, high: true },
  { name: "Extreme", min_score: 15, max_score: 25, colour: "#d5281b", level: 3, high: true },
];

describe("risk scoring", () => {
  it("needs both ratings", () => {
    expect(score(4, null)).toBeNull();
    expect(score(4, 5)).toBe(20);
  });
  it("bands follow the given table, not a built-in one", () => {
    expect(bandFor(3, nhs)?.name).toBe("Low");
    expect(bandFor(4, nhs)?.name).toBe("Moderate");
    expect(bandFor(12, nhs)?.name).toBe("High");
    expect(bandFor(15, nhs)?.name).toBe("Extreme");
    const strict = nhs.map((b) => ({ ...b }));
    strict[0].max_score = 2;
    strict[1].min_score = 3;
    expect(bandFor(3, strict)?.name).toBe("Moderate");
    expect(bandClass(bandFor(20, nhs))).toBe("band band-level-3");
    expect(bandClass(null)).toBe("band band-none");
  });
  it("places each risk in its heat-map cell, likelihood 5 on top", () => {
    const map = heatMap(
      [
        { id: "R1", likelihood: 5, consequence: 1 },
        { id: "", likelihood: 5, consequence: 1 },
        { id: "R3", likelihood: 1, consequence: 5 },
        { id: "R4", likelihood: null, consequence: 3 },
      ],
      nhs,
    );
    expect(map).toHaveLength(5);
    expect(map[0][0]).toMatchObject({ likelihood: 5, consequence: 1, score: 5, risks: ["R1", "#2"] });
    expect(map[0][0].band?.name).toBe("Moderate");
    expect(map[4][4]).toMatchObject({ likelihood: 1, consequence: 5, risks: ["R3"] });
    expect(map.flat().reduce((n, c) => n + c.risks.length, 0)).toBe(3);
  });
});
