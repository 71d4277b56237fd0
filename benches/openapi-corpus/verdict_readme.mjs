// Verdict of @readme/openapi-parser (npm, 9.0.0) on every file of $WORK/list.tsv: valid or the first error.
// Run from a folder where `npm i @readme/openapi-parser@9.0.0` was done: node verdict_readme.mjs > readme.tsv
import { readFileSync } from "node:fs";
import { validate } from "@readme/openapi-parser";

const work = process.env.WORK ?? "/work/corpus/openapi";
const files = readFileSync(`${work}/list.tsv`, "utf8").trim().split("\n").map((l) => l.split("\t")[0]);
for (const file of files) {
  let verdict;
  try {
    const result = await validate(`${work}/${file}`);
    verdict = result.valid ? "valid" : `invalid\t${JSON.stringify(result.errors?.[0]?.message ?? "").slice(0, 200)}`;
  } catch (e) {
    verdict = `invalid\t${JSON.stringify(String(e.message ?? e)).slice(0, 200)}`;
  }
  console.log(`${file}\t${verdict}`);
}
