// The chat page's filter panel, built from GET /v1/facets (values with document counts).
import { getJson } from "./api";
import { el } from "./dom";
import { Texts } from "./i18n";

interface FacetValue {
  value: string;
  documents: number;
}
type Facets = Record<"municipalities" | "organs" | "doc_types" | "years", FacetValue[]>;
const FIELD = { municipalities: "municipality", organs: "organ", doc_types: "doc_type", years: "year" } as const;

export function filterPanel(t: Texts, filters: Record<string, string>): HTMLElement {
  const box = el("form", { class: "filters", "aria-label": t.filters });
  box.addEventListener("submit", (e) => e.preventDefault());
  getJson<Facets>("/v1/facets")
    .then((facets) => {
      for (const name of Object.keys(FIELD) as (keyof Facets)[]) {
        const id = `filter-${name}`;
        const select = el("select", { id, name }, el("option", { value: "" }, t.all));
        for (const f of facets[name]) select.append(el("option", { value: f.value }, `${f.value} (${f.documents})`));
        select.addEventListener("change", () => {
          const field = FIELD[name];
          if (field === "year") {
            delete filters.date_from;
            delete filters.date_to;
            if (select.value) filters.date_from = filters.date_to = select.value;
          } else if (select.value) filters[field] = select.value;
          else delete filters[field];
        });
        box.append(el("label", { for: id }, t[name]), select);
      }
    })
    .catch((e: Error) => box.append(el("p", { class: "notice error" }, t.failed + e.message)));
  return box;
}
