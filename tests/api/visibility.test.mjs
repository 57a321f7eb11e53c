// SPDX-License-Identifier: MIT
// The read rule holds on every route that shows records: a rep of team north walks every
// timeline, list, search, "who knows", recent and report route, and nothing of team south's
// records that GET /{kind}/{id} answers 404 for shows up, not even activity notes and task
// titles on north's own contact and organization. Under --visibility all the same walk must
// find them, so the walk is known to look where the records are.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Server } from './lib/server.mjs';

const SECRET = 'Zanzibar'; /* in every hidden record's text, and nowhere else */

async function walk(visibility) {
  const srv = await Server.start({ flags: ['--visibility', visibility] });
  const as = await srv.loginAll();
  const viewer = as.repN1; /* north; sees their own records under every setting */
  const south = srv.users.repS.id;
  const hidden = visibility !== 'all';

  /* North's records, which the viewer reads. */
  const org = await viewer.create('/api/v1/organizations', { name: 'Visible Org' });
  const contact = await viewer.create('/api/v1/contacts', { last_name: 'Visible', org_id: org.id });
  /* South's, made by the admin for repS, hung on north's contact and organization, and on a
   * south contact at north's organization. */
  const own = { owner_id: south };
  const theirs = await as.admin.create('/api/v1/contacts', { last_name: `${SECRET} Person`, org_id: org.id, ...own });
  const made = {
    activity: await as.admin.create('/api/v1/activities', { kind: 'call', contact_id: contact.id, subject: `${SECRET} call`, body: `${SECRET} notes`, ...own }),
    orgActivity: await as.admin.create('/api/v1/activities', { kind: 'note', org_id: org.id, body: `${SECRET} org notes`, ...own }),
    theirActivity: await as.admin.create('/api/v1/activities', { kind: 'meeting', contact_id: theirs.id, subject: `${SECRET} meeting`, ...own }),
    task: await as.admin.create('/api/v1/tasks', { title: `${SECRET} task`, contact_id: contact.id, ...own }),
    orgTask: await as.admin.create('/api/v1/tasks', { title: `${SECRET} org task`, org_id: org.id, ...own }),
    deal: await as.admin.create('/api/v1/deals', { name: `${SECRET} deal`, org_id: org.id, contact_id: contact.id, ...own }),
    relationship: await as.admin.create('/api/v1/relationships', { kind: 'knows', contact_id: contact.id, other_contact_id: theirs.id, ...own }),
    lead: await as.admin.create('/api/v1/leads', { last_name: `${SECRET} Lead`, company: `${SECRET} Ltd`, ...own }),
    org: await as.admin.create('/api/v1/organizations', { name: `${SECRET} Holdings`, ...own }),
  };
  /* North's contact and deal at south's organization: found by their own words, never by the
   * organization's name (search text carries it). */
  const atTheirs = {
    contact: await as.admin.create('/api/v1/contacts', { last_name: 'Quillfeather', org_id: made.org.id, owner_id: srv.users.repN1.id }),
    deal: await as.admin.create('/api/v1/deals', { name: 'Quillfeather renewal', org_id: made.org.id, owner_id: srv.users.repN1.id }),
  };
  const paths = {
    contact: `/api/v1/contacts/${theirs.id}`,
    activity: `/api/v1/activities/${made.activity.id}`,
    orgActivity: `/api/v1/activities/${made.orgActivity.id}`,
    theirActivity: `/api/v1/activities/${made.theirActivity.id}`,
    task: `/api/v1/tasks/${made.task.id}`,
    orgTask: `/api/v1/tasks/${made.orgTask.id}`,
    deal: `/api/v1/deals/${made.deal.id}`,
    relationship: `/api/v1/relationships/${made.relationship.id}`,
    lead: `/api/v1/leads/${made.lead.id}`,
    org: `/api/v1/organizations/${made.org.id}`,
  };
  const relAudit = srv.sql(`SELECT id FROM audit WHERE entity = 'relationship' AND entity_id = ${made.relationship.id}`)
    .map((r) => r.id);
  return () => register({ visibility, viewer, as, south, hidden, org, contact, made, paths, relAudit, atTheirs });
}

/* The tests of one world; registered once every world is set up, since the runner ends (and
 * stops the servers) when the tests registered so far are done. */
function register({ visibility, viewer, as, south, hidden, org, contact, made, paths, relAudit, atTheirs }) {

  test(`${visibility}: the records' own routes`, async () => {
    for (const [what, p] of Object.entries(paths)) {
      const r = await viewer.get(p);
      assert.equal(r.status, hidden ? 404 : 200, `${visibility} GET ${p} (${what})`);
    }
  });

  /* Each route's answer, with whether it mentions south's records. */
  const routes = [
    `/api/v1/contacts/${contact.id}/timeline`,
    `/api/v1/organizations/${org.id}/timeline`,
    `/api/v1/contacts/${contact.id}/colleagues`,
    `/api/v1/contacts/${contact.id}/audit`,
    `/api/v1/organizations/${org.id}/audit`,
    '/api/v1/contacts', '/api/v1/organizations', '/api/v1/activities', '/api/v1/tasks',
    '/api/v1/deals', '/api/v1/leads', '/api/v1/relationships',
    `/api/v1/contacts?q=${SECRET}`, `/api/v1/leads?q=${SECRET}`, `/api/v1/deals?q=${SECRET}`,
    `/api/v1/organizations?q=${SECRET}`, `/api/v1/contacts?q=${SECRET}+Quillfeather`,
    `/api/v1/activities?q=${SECRET}`, `/api/v1/tasks?q=${SECRET}`,
    `/api/v1/activities?contact_id=${contact.id}`, `/api/v1/tasks?contact_id=${contact.id}`,
    `/api/v1/deals?org_id=${org.id}`, `/api/v1/contacts?org_id=${org.id}`,
    `/api/v1/relationships?contact_id=${contact.id}`,
    '/api/v1/me/recent',
    '/api/v1/reports/pipeline',
    `/api/v1/deals/${made.deal.id}/history`,
  ];

  test(`${visibility}: timelines, lists, search, who knows, recent and reports`, async () => {
    /* Views of the hidden records first, so "recent" has them to leave out. */
    for (const p of Object.values(paths)) await viewer.get(p);
    const seen = [];
    for (const p of routes) {
      const r = await viewer.get(p);
      assert.ok([200, 404].includes(r.status), `${p}: ${r.status} ${r.text}`);
      if (r.text.includes(SECRET)) seen.push(p);
    }
    const found = (p) => seen.includes(p);
    if (hidden) {
      assert.deepEqual(seen, [], `${visibility}: south's records show on these routes`);
    } else {
      /* The walk sees them where they are, when they may be read. */
      for (const p of [routes[0], routes[1], `/api/v1/contacts?q=${SECRET}`, '/api/v1/tasks'])
        assert.ok(found(p), `${visibility}: ${p} should show south's records`);
    }

    const tl = (await viewer.get(`/api/v1/contacts/${contact.id}/timeline`)).body.items;
    const otl = (await viewer.get(`/api/v1/organizations/${org.id}/timeline`)).body.items;
    const rel = tl.filter((e) => e.type === 'relationship' && relAudit.includes(e.id));
    assert.equal(rel.length > 0, !hidden, `${visibility}: south's relationship in the contact's timeline`);
    for (const items of [tl, otl]) {
      const stage = items.filter((e) => e.type === 'deal_stage' && e.deal_id === made.deal.id);
      assert.equal(stage.length > 0, !hidden, `${visibility}: south's deal in a timeline`);
    }
    const orgIds = otl.filter((e) => e.type === 'activity').map((e) => e.id);
    assert.equal(orgIds.includes(made.theirActivity.id), !hidden,
      `${visibility}: an activity on south's contact in the organization's timeline`);

    const who = (await viewer.get(`/api/v1/contacts/${contact.id}/colleagues`)).body.items;
    assert.equal(who.some((c) => c.user_id === south), !hidden, `${visibility}: south's rep in "who knows"`);

    /* Search: north's records at south's organization by their own words always, by the
     * organization's name only when it may be read. */
    for (const [kind, rec] of [['contacts', atTheirs.contact], ['deals', atTheirs.deal]]) {
      const ids = async (q) => (await viewer.get(`/api/v1/${kind}?q=${q}`)).body.items.map((r) => r.id);
      assert.ok((await ids('Quillfeather')).includes(rec.id), `${visibility}: ${kind} by their own words`);
      assert.equal((await ids(SECRET)).includes(rec.id), !hidden, `${visibility}: ${kind} by a hidden organization's name`);
      assert.equal((await ids(`quill+${SECRET.toLowerCase()}`)).includes(rec.id), !hidden,
        `${visibility}: ${kind} by their words and a hidden organization's name`);
    }

    const pipeline = (await viewer.get('/api/v1/reports/pipeline')).body;
    const deals = pipeline.stages.reduce((n, s) => n + s.count, 0);
    assert.equal(deals, hidden ? 1 : 2, `${visibility}: deals counted in the pipeline report`);
  });

  test(`${visibility}: a manager's team report of their own team`, async () => {
    const r = await as.mgrN.get('/api/v1/reports/team');
    assert.equal(r.status, 200, r.text);
    assert.ok(!r.text.includes(SECRET), r.text);
    assert.ok(!r.body.reps.some((p) => p.user_id === south));
  });
}

const worlds = [];
for (const v of ['own', 'team', 'all']) worlds.push(await walk(v));
for (const w of worlds) w();
