import { publishRound, syntheticSnapshot, withReasons } from "./helpers/bundle-rounds";
import { verifyOpenDataBundle, describeMismatch } from "../app/interop/verify-bundle";
const { bundle } = publishRound(withReasons(syntheticSnapshot()));
console.log(bundle.files["reasons.csv"]);
const r = verifyOpenDataBundle(bundle.files);
console.log(r.checked, r.notRecomputable, r.mismatches.map(describeMismatch));
