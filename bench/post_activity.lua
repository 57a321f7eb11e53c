-- SPDX-License-Identifier: MIT
-- wrk script for bench/run.sh: POST /api/v1/activities as a signed-in browser would (session
-- cookie + X-CSRF-Token), spreading the activities over the contacts the setup created.
--
-- Environment: BENCH_COOKIE ("uptake_session=..."), BENCH_CSRF, BENCH_CONTACTS (count, ids
-- 1..N). Prints one line "statuses 201=N other=M" that run.sh parses: wrk's own "Non-2xx"
-- line cannot tell a 201 from a 200, and the row count check needs exactly the 201s.

local cookie = os.getenv("BENCH_COOKIE") or ""
local csrf = os.getenv("BENCH_CSRF") or ""
local contacts = tonumber(os.getenv("BENCH_CONTACTS") or "1") or 1

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cookie"] = cookie
wrk.headers["X-CSRF-Token"] = csrf

-- setup() runs in the main Lua state; keep every thread so done() can sum their counters.
local threads = {}
local nthreads = 0

function setup(thread)
    nthreads = nthreads + 1
    thread:set("thread_no", nthreads) -- a global in that thread's state
    table.insert(threads, thread)
end

-- Per-thread state (each wrk thread has its own Lua state).
created = 0
other = 0
local n = 0

function request()
    n = n + 1
    -- Different threads start at different contacts so they do not all write the same rows'
    -- neighbourhood in lockstep.
    local contact = ((n + (thread_no or 0) * 7919) % contacts) + 1
    local body = string.format(
        '{"kind":"call","contact_id":%d,"subject":"Bench call %d","body":"Discussed the renewal; '
            .. 'follow up next week.","occurred_at":"2026-11-20T10:00:00Z"}',
        contact, n)
    return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
    if status == 201 then
        created = created + 1
    else
        other = other + 1
    end
end

function done(summary, latency, requests)
    local c, o = 0, 0
    for _, t in ipairs(threads) do
        c = c + (t:get("created") or 0)
        o = o + (t:get("other") or 0)
    end
    io.write(string.format("statuses 201=%d other=%d\n", c, o))
end
