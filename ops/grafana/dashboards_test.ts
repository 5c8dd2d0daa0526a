/**
 * The Grafana dashboards of ops/grafana/dashboards/ are well-formed for Grafana's file provisioning
 * (ADR 0038): unique ids, every panel on the provisioned Prometheus through the data source
 * variable, targets with expressions, panels inside the 24-column grid and not overlapping, and
 * the provider's folder is where compose mounts them. Grafana cannot run here; that the
 * expressions name real families is ops/prometheus/prometheus.int_test.ts's.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { dashboards, readYaml } from "../prometheus/promql.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { h: number; w: number; x: number; y: number };
  datasource?: { type: string; uid: string };
  targets?: { expr: string; refId: string; datasource?: { uid: string } }[];
}

interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: { name: string; type: string; query: unknown }[] };
}

Deno.test("every dashboard is well-formed for Grafana's provisioning", async () => {
  const found = await dashboards();
  assert.ok(found.size >= 1);
  const uids = new Set<string>();
  for (const [name, value] of found) {
    const d = value as Dashboard;
    assert.match(d.uid, /^[a-z0-9-]{1,40}$/, name);
    assert.ok(!uids.has(d.uid), `${name}: uid ${d.uid} twice`);
    uids.add(d.uid);
    const ds = d.templating.list.find((v) => v.name === "datasource");
    assert.deepEqual([ds?.type, ds?.query], ["datasource", "prometheus"], name);
    const ids = new Set<number>();
    const cells = new Map<string, string>();
    for (const p of d.panels) {
      assert.ok(!ids.has(p.id), `${name}: panel id ${p.id} twice`);
      ids.add(p.id);
      const { x, y, w, h } = p.gridPos;
      assert.ok(x >= 0 && w > 0 && x + w <= 24 && h > 0 && y >= 0, `${name}: ${p.title} off grid`);
      for (let i = x; i < x + w; i++) {
        for (let j = y; j < y + h; j++) {
          const other = cells.get(`${i},${j}`);
          assert.equal(other, undefined, `${name}: ${p.title} overlaps ${other}`);
          cells.set(`${i},${j}`, p.title);
        }
      }
      if (p.type === "row") continue;
      assert.equal(p.datasource?.uid, "${datasource}", `${name}: ${p.title}`);
      assert.ok((p.targets ?? []).length > 0, `${name}: ${p.title} has no query`);
      const refs = new Set(p.targets!.map((t) => t.refId));
      assert.equal(refs.size, p.targets!.length, `${name}: ${p.title}: refIds repeat`);
      for (const t of p.targets!) {
        assert.ok(t.expr.trim().length > 0, `${name}: ${p.title}: empty expression`);
        assert.equal(t.datasource?.uid, "${datasource}", `${name}: ${p.title}`);
      }
    }
  }
});

Deno.test("the dashboard provider reads the folder compose mounts the dashboards at", async () => {
  const provider = await readYaml(join(ROOT, "ops/grafana/dashboards.yaml")) as {
    providers: { type: string; options: { path: string } }[];
  };
  const compose = await Deno.readTextFile(join(ROOT, "compose.yaml"));
  const mount = /^\s+- \.\/ops\/grafana\/dashboards:([^:]+):ro$/m.exec(compose);
  assert.ok(mount, "compose.yaml does not mount ops/grafana/dashboards");
  assert.deepEqual(provider.providers.map((p) => [p.type, p.options.path]), [["file", mount[1]]]);
  assert.match(
    compose,
    /^\s+- \.\/ops\/grafana\/dashboards\.yaml:\/etc\/grafana\/provisioning\/dashboards\/[\w-]+\.yaml:ro$/m,
  );
});
