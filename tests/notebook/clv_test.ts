import assert from "node:assert/strict";
import { join } from "node:path";
import { mimeBundle } from "../../src/display/mod.ts";
import { CDNOW_FILE, PUBLIC_DATASETS, reproduceCdnowClv } from "../../src/notebook/mod.ts";
import { fitCdnow, PUBLISHED_CDNOW_SAMPLE } from "../../src/backtest/clv/mod.ts";
import { sharedDataDir } from "../../src/io/paths.ts";

async function withShared<T>(dir: string, f: () => Promise<T>): Promise<T> {
  const old = Deno.env.get("RVLAB_SHARED_DATA");
  Deno.env.set("RVLAB_SHARED_DATA", dir);
  try {
    return await f();
  } finally {
    if (old === undefined) Deno.env.delete("RVLAB_SHARED_DATA");
    else Deno.env.set("RVLAB_SHARED_DATA", old);
  }
}

Deno.test("reproduceCdnowClv() says so when the CDNOW folder or its file is missing", async () => {
  const none = await withShared("/no/such/shared", () => reproduceCdnowClv());
  assert.ok(none.missing);
  assert.ok(mimeBundle(none)["text/markdown"].includes("/no/such/shared/cdnow"));
  const tmp = await Deno.makeTempDir();
  try {
    await Deno.mkdir(join(tmp, PUBLIC_DATASETS.cdnow));
    const empty = await withShared(tmp, () => reproduceCdnowClv());
    assert.ok(empty.missing);
    assert.ok(empty.message.includes(CDNOW_FILE));
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

const cdnow = join(sharedDataDir(), PUBLIC_DATASETS.cdnow, CDNOW_FILE);
const hasCdnow = await Deno.stat(cdnow).then(() => true, () => false);

Deno.test({
  name: "reproduceCdnowClv() sets the CDNOW fit beside the published parameters",
  ignore: !hasCdnow,
  async fn() {
    const r = await reproduceCdnowClv();
    assert.ok(!r.missing);
    const bytes = await Deno.readFile(cdnow);
    const text = await new Response(
      new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip")),
    ).text();
    const f = fitCdnow(text);
    const fitted: Record<string, number> = { ...f.bgnbd.params, ...f.gamma_gamma.params };
    const published: Record<string, number> = {
      ...PUBLISHED_CDNOW_SAMPLE.bgnbd,
      ...PUBLISHED_CDNOW_SAMPLE.gamma_gamma,
    };
    assert.deepEqual(r.parameters.map((p) => p.parameter).sort(), Object.keys(fitted).sort());
    for (const p of r.parameters) {
      assert.equal(p.fitted, fitted[p.parameter], p.parameter);
      assert.equal(p.published, published[p.parameter], p.parameter);
      assert.ok(Math.abs(p.relative_difference - (p.fitted / p.published - 1)) < 1e-12);
    }
    assert.equal(r.log_likelihood, f.bgnbd.logLikelihood);
    assert.equal(r.published_parameters_log_likelihood, f.published_ll);
    // the fitted parameters maximise the likelihood: the published ones score no higher
    assert.ok(r.published_parameters_log_likelihood <= r.log_likelihood);
    assert.equal(r.holdout_actual, f.holdout_actual);
    const h = mimeBundle(r)["text/html"];
    assert.ok(h.includes("Fader, Hardie &amp; Lee") || h.includes("Fader, Hardie & Lee"));
    assert.ok(h.includes("alpha") && h.includes("gamma"));
  },
});
