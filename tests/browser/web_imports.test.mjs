// SPDX-License-Identifier: MIT
// The web modules import one another one way: no circle through static imports, dynamic
// imports with a literal path, or boot.js's import of every page (`./pages/${name}.js`). A
// circle makes which module runs first depend on which is asked for first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB_JS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/js');

function modules(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return modules(p);
    return e.name.endsWith('.js') ? [p] : [];
  });
}

/* {module: [modules it imports]} for every module under web/js. */
function importGraph() {
  const all = modules(WEB_JS);
  const pages = all.filter((p) => path.dirname(p) === path.join(WEB_JS, 'pages'));
  const graph = new Map();
  for (const file of all) {
    const src = fs.readFileSync(file, 'utf8');
    const deps = new Set();
    for (const m of src.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)(['"`])(\.{1,2}\/[^'"`]+)\1/g)) {
      if (!m[2].includes('${')) deps.add(path.resolve(path.dirname(file), m[2]));
    }
    if (/import\(`\.\/pages\/\$\{\w+\}\.js`\)/.test(src)) pages.forEach((p) => deps.add(p));
    graph.set(file, [...deps]);
  }
  return graph;
}

test('web/js has no import circle', () => {
  const graph = importGraph();
  assert.ok(graph.size > 10, `found the modules under ${WEB_JS}`);
  const state = new Map(); // 1: on the current path, 2: done
  const circles = [];
  const visit = (m, trail) => {
    state.set(m, 1);
    for (const d of graph.get(m) || []) {
      assert.ok(graph.has(d), `${path.relative(WEB_JS, m)} imports ${path.relative(WEB_JS, d)}, which does not exist`);
      if (state.get(d) === 1) circles.push([...trail, d].slice(trail.indexOf(d)).map((x) => path.relative(WEB_JS, x)).join(' → '));
      else if (!state.has(d)) visit(d, [...trail, d]);
    }
    state.set(m, 2);
  };
  for (const m of graph.keys()) if (!state.has(m)) visit(m, [m]);
  assert.deepEqual(circles, [], `import circles:\n${circles.join('\n')}`);
});
