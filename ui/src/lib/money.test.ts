import { describe, expect, it } from "vitest";
import { formatPounds, parseAmount } from "./money";

describe("parseAmount", () => {
  it("accepts what people type and keeps every digit", () => {
    expect(parseAmount("£1,250,000", "money")).toEqual({ ok: true, value: "1250000" });
    expect(parseAmount(" 1250000.55 ", "money")).toEqual({ ok: true, value: "1250000.55" });
    expect(parseAmount("12345678901234567.89", "money")).toEqual({ ok: true, value: "12345678901234567.89" });
    expect(parseAmount("12.5%", "percent")).toEqual({ ok: true, value: "12.5" });
    expect(parseAmount("", "money")).toEqual({ ok: true, value: "0" });
  });
  it("refuses what it would have to guess", () => {
    expect(parseAmount("1,25", "money").ok).toBe(false);
    expect(parseAmount("1.250.000", "money").ok).toBe(false);
    expect(parseAmount("ten pounds", "money").ok).toBe(false);
    expect(parseAmount("1e6", "money").ok).toBe(false);
    const bad = parseAmount("forty", "percent");
    expect(bad.ok === false && bad.message).toContain("percentage");
  });
});

describe("formatPounds", () => {
  it("groups thousands and shows pence", () => {
    expect(formatPounds("31680000")).toBe("£31,680,000.00");
    expect(formatPounds("0.6")).toBe("£0.60");
    expect(formatPounds("-1500.5")).toBe("-£1,500.50");
    expect(formatPounds(null)).toBe("—");
  });
});
