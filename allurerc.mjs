// Allure 3 configuration of the O2G conformance report (`o2g-conformance report`, `make run`, `make report`).
//
// What depends on the run (report name with the verdict, one variable per API version, outcome
// categories, the compliance matrix as a global attachment) is written by the O2G plugin or by
// `o2g-conformance report` to allure-settings.json; this file holds the fixed choices:
//   * tree by section (epic) > resource (feature) > operation id (story);
//   * history kept between runs in reports/history/ for the trend charts;
//   * quality gate: fails when a mandatory scenario (every scenario not tagged @optional) failed or broke.
import { existsSync, readFileSync } from "node:fs";

// Allure 3.18's quality gate calls Iterator.prototype.toArray, which Node.js has only from version 22;
// on Node.js 20 (Debian 12, many CI images) the gate crashes instead of judging. Same semantics.
const iteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
if (typeof iteratorPrototype.toArray !== "function") {
  Object.defineProperty(iteratorPrototype, "toArray", {
    value: function toArray() {
      return Array.from(this);
    },
    configurable: true,
    writable: true,
  });
}

const settingsFile = process.env.O2G_ALLURE_SETTINGS ?? "reports/compliance/allure-settings.json";
const settings = existsSync(settingsFile) ? JSON.parse(readFileSync(settingsFile, "utf8")) : {};

const isOptional = (tr) => (tr.labels ?? []).some((label) => label.name === "tag" && label.value === "optional");

export default {
  name: settings.name ?? "O2G conformance",
  output: "reports/allure-report",
  // `allure quality-gate` would append a second history entry per report: o2g-conformance sets O2G_ALLURE_NO_HISTORY.
  historyPath: process.env.O2G_ALLURE_NO_HISTORY
    ? undefined
    : (process.env.O2G_ALLURE_HISTORY ?? "reports/history/history.jsonl"),
  historyLimit: 20,
  appendHistory: true,
  variables: settings.variables ?? {},
  categories: { rules: settings.categories ?? [] },
  globalAttachments: settings.globalAttachments ?? [],
  qualityGate: {
    rules: [{ id: "mandatory scenarios", maxFailures: 0, filter: (tr) => !isOptional(tr) }],
  },
  plugins: {
    awesome: {
      options: {
        reportName: settings.name ?? "O2G conformance",
        groupBy: ["epic", "feature", "story"],
        singleFile: true,
      },
    },
  },
};
