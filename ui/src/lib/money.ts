// Money and percentages are exact decimal strings in the agreement ("1250000.00").
// People type "£1,250,000" or "12.5%": accept that, store the plain form, and
// refuse anything else with a message rather than guessing.

export type Parsed = { ok: true; value: string } | { ok: false; message: string };

const PLAIN = /^-?\d+(\.\d+)?$/;

export function parseAmount(text: string, what: "money" | "percent"): Parsed {
  let t = text.trim().replace(/\s+/g, "");
  if (what === "money") t = t.replace(/^£/, "").replace(/^(-)£/, "$1");
  else t = t.replace(/%$/, "");
  // Thousands separators only where they really separate thousands.
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) t = t.replace(/,/g, "");
  if (t === "") return { ok: true, value: "0" };
  if (!PLAIN.test(t)) {
    return {
      ok: false,
      message:
        what === "money"
          ? "Enter an amount in pounds using numbers, such as 1250000 or £1,250,000.50"
          : "Enter a percentage using numbers, such as 40 or 12.5",
    };
  }
  return { ok: true, value: t };
}

/** "£1,250,000.00" for display; the input stays a string so no digit is lost. */
export function formatPounds(value: string | null | undefined): string {
  if (value === null || value === undefined || !PLAIN.test(value)) return "—";
  const negative = value.startsWith("-");
  const [whole, fraction = ""] = value.replace("-", "").split(".");
  const grouped = whole.replace(/^0+(?=\d)/, "").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const pence = (fraction + "00").slice(0, 2);
  return `${negative ? "-" : ""}£${grouped}.${pence}`;
}
