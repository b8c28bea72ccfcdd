// jobservice dashboard: one page, hash routes, Preact without a build step (h() calls instead of JSX).
// Everything from the API is passed to h() as text children or attributes, which Preact sets as text: nothing from
// the API is ever parsed as HTML (no dangerouslySetInnerHTML, no innerHTML).
(function () {
  'use strict';

  const { h, render } = preact;
  const { useState, useEffect, useRef } = preactHooks;

  const SECRET_KEY = 'jobservice.secret';
  const POLL_MS = 2000;
  const PAGE_SIZE = 20;
  const FINAL = ['Success', 'Error', 'Stopped'];

  // --- the API -------------------------------------------------------------------------------------------------

  /** Thrown for a non-2xx answer; a 401 also sends the page back to the secret form. */
  class ApiError extends Error {
    constructor(status, body) {
      super(status + ' ' + describe(body));
      this.status = status;
      this.body = body;
    }
  }

  function describe(body) {
    if (body && typeof body === 'object') {
      return [body.message, body.details].filter(Boolean).join(': ');
    }
    return String(body || '');
  }

  let onUnauthorized = () => {};

  async function api(path, options) {
    const opts = options || {};
    const headers = { Authorization: 'Harbor-Secret ' + (sessionStorage.getItem(SECRET_KEY) || '') };
    if (opts.json !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    const response = await fetch('/api/v1' + path, {
      method: opts.method || 'GET',
      headers: headers,
      body: opts.json === undefined ? undefined : JSON.stringify(opts.json),
      cache: 'no-store',
      credentials: 'omit',
    });
    const type = response.headers.get('Content-Type') || '';
    const text = await response.text();
    const body = type.startsWith('application/json') && text ? JSON.parse(text) : text;
    if (response.status === 401 && !opts.probe) {
      sessionStorage.removeItem(SECRET_KEY);
      onUnauthorized('The secret was refused; enter it again.');
    }
    if (!response.ok) {
      throw new ApiError(response.status, body);
    }
    return { body: body, headers: response.headers };
  }

  const enc = encodeURIComponent;

  function query(params) {
    const parts = Object.keys(params).filter((k) => params[k] !== '' && params[k] !== undefined && params[k] !== null)
      .map((k) => enc(k) + '=' + enc(params[k]));
    return parts.length ? '?' + parts.join('&') : '';
  }

  // --- small helpers -------------------------------------------------------------------------------------------

  function time(epochSeconds) {
    if (!epochSeconds) {
      return '–';
    }
    return new Date(epochSeconds * 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  }

  function age(seconds) {
    if (seconds === null || seconds === undefined) {
      return '–';
    }
    const s = Math.round(seconds);
    return s < 120 ? s + ' s' : s < 7200 ? Math.round(s / 60) + ' min' : Math.round(s / 3600) + ' h';
  }

  function json(value) {
    if (typeof value === 'string') {
      return value;
    }
    return JSON.stringify(value === undefined ? null : value, null, 1);
  }

  /** Runs {@code load} now and every {@code ms} (or once when ms is 0) while the view is shown; one call at a time. */
  function usePoll(load, deps, ms) {
    const [state, setState] = useState({ data: null, error: null });
    const [tick, setTick] = useState(0);
    useEffect(() => {
      let stopped = false;
      let timer = null;
      async function run() {
        try {
          const data = await load();
          if (!stopped) {
            setState({ data: data, error: null });
          }
        } catch (e) {
          if (!stopped) {
            setState((old) => ({ data: old.data, error: e }));
          }
        }
        if (!stopped && ms) {
          timer = setTimeout(run, ms);
        }
      }
      run();
      return () => {
        stopped = true;
        clearTimeout(timer);
      };
    }, deps.concat([tick]));
    return [state.data, state.error, () => setTick((t) => t + 1)];
  }

  function ErrorBox(props) {
    if (!props.error) {
      return null;
    }
    return h('p', { class: 'error-box', role: 'alert' }, String(props.error.message || props.error));
  }

  function Status(props) {
    return h('span', { class: 'status status-' + props.value }, props.value || '–');
  }

  function JobLink(props) {
    return h('a', { href: '#/jobs/' + enc(props.id), class: 'job-link' }, props.id);
  }

  function Table(props) {
    return h('figure', null, h('table', { class: 'striped', id: props.id },
      h('thead', null, h('tr', null, props.head.map((c) => h('th', { class: c.num ? 'num' : null }, c.label || c)))),
      h('tbody', null, props.rows.length ? props.rows
        : h('tr', null, h('td', { colspan: props.head.length, class: 'muted' }, props.empty || 'none')))));
  }

  function Pager(props) {
    const pages = Math.max(1, Math.ceil((props.total || 0) / PAGE_SIZE));
    return h('div', { class: 'pager' },
      h('button', { class: 'secondary small', disabled: props.page <= 1, onClick: () => props.go(props.page - 1) },
        '‹ Previous'),
      h('span', { class: 'page-info' }, 'page ' + props.page + ' of ' + pages + ' (' + (props.total || 0) + ')'),
      h('button', { class: 'secondary small', disabled: props.page >= pages, onClick: () => props.go(props.page + 1) },
        'Next ›'));
  }

  /** A button that runs an API action, shows its error, then calls done. */
  function Action(props) {
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState(null);
    async function click() {
      setBusy(true);
      setError(null);
      try {
        await props.run();
        if (props.done) {
          props.done();
        }
      } catch (e) {
        setError(e);
      } finally {
        setBusy(false);
      }
    }
    return h('span', null,
      h('button', { class: 'small ' + (props.kind || ''), disabled: busy, onClick: click,
        'data-action': props.name }, props.label),
      error ? h('small', { class: 'bad', role: 'alert' }, ' ' + error.message) : null);
  }

  // --- the secret ----------------------------------------------------------------------------------------------

  function Login(props) {
    const [secret, setSecret] = useState('');
    const [error, setError] = useState(props.message || null);
    const [busy, setBusy] = useState(false);
    async function submit(event) {
      event.preventDefault();
      setBusy(true);
      sessionStorage.setItem(SECRET_KEY, secret);
      try {
        // any call that needs the secret tells whether it is right
        await api('/queues', { probe: true });
        props.accepted();
      } catch (e) {
        sessionStorage.removeItem(SECRET_KEY);
        setError(e.status === 401 ? 'The secret was refused.' : 'The service did not answer: ' + e.message);
      } finally {
        setBusy(false);
      }
    }
    return h('article', { class: 'login' },
      h('h2', null, 'jobservice'),
      h('form', { onSubmit: submit, id: 'login' },
        h('label', null, 'Secret (CORE_SECRET)',
          h('input', { type: 'password', id: 'secret', autocomplete: 'current-password', value: secret,
            onInput: (e) => setSecret(e.target.value), required: true })),
        error ? h('p', { class: 'bad', id: 'login-error', role: 'alert' }, error) : null,
        h('button', { type: 'submit', disabled: busy }, 'Sign in')),
      h('small', { class: 'muted' }, 'Kept in this tab\'s session storage and sent as Authorization: Harbor-Secret.'));
  }

  // --- overview ------------------------------------------------------------------------------------------------

  async function loadOverview() {
    try {
      return (await api('/dashboard/overview')).body;
    } catch (e) {
      if (e.status !== 404) {
        throw e;
      }
      // a node without the overview endpoint still lists its queues
      return { queues: (await api('/queues')).body, partial: true };
    }
  }

  function Overview() {
    const [data, error, reload] = usePoll(loadOverview, [], POLL_MS);
    if (!data) {
      return h('section', null, h('h2', null, 'Overview'), h(ErrorBox, { error: error }), h('p', null, 'Loading…'));
    }
    return h('section', { id: 'overview' },
      h('h2', null, 'Overview'),
      h(ErrorBox, { error: error }),
      h(Cards, { data: data }),
      h('h3', null, 'Jobs processed per 10 s (last 15 min)'),
      h(ThroughputChart, { throughput: data.throughput }),
      h('h3', null, 'Queues'),
      h(Queues, { queues: data.queues || [], reload: reload }),
      h('h3', null, 'Worker pools'),
      h(Pools, { pools: data.pools || [] }));
  }

  function Cards(props) {
    const d = props.data;
    const redis = d.redis || {};
    const sets = d.sets || {};
    const hooks = d.hooks || {};
    const card = (title, body, id) => h('article', { id: id }, h('small', { class: 'muted' }, title), h('div', null, body));
    return h('div', { class: 'cards' },
      card('Redis', d.partial ? '?' : redis.reachable
        ? h('span', { class: 'ok' }, 'reachable')
        : h('span', { class: 'bad' }, 'unreachable' + (redis.error ? ': ' + redis.error : '')), 'redis-state'),
      card('Hook backlog', (hooks.waiting || 0) + ' waiting, ' + (hooks.parked || 0) + ' parked', 'hook-backlog'),
      card('Scheduled', h('a', { href: '#/sets/scheduled' }, String(sets.scheduled || 0))),
      card('Retry', h('a', { href: '#/sets/retry' }, String(sets.retry || 0))),
      card('Dead', h('a', { href: '#/sets/dead' }, String(sets.dead || 0))),
      card('Periodic policies', h('a', { href: '#/periodic' }, String(sets.periodic_policies || 0))));
  }

  function Queues(props) {
    const rows = props.queues.map((q) => h('tr', { 'data-queue': q.job_name },
      h('td', null, q.job_name),
      h('td', { class: 'num' }, q.size),
      h('td', { class: 'num' }, age(q.latency_seconds)),
      h('td', { class: 'queue-state' }, q.paused ? h('span', { class: 'bad' }, 'paused') : 'active'),
      h('td', { class: 'num' }, q.running + (q.max_concurrency ? ' / ' + q.max_concurrency : '')),
      h('td', { class: 'num' }, q.priority === undefined ? '–' : q.priority),
      h('td', null, h(Action, {
        name: q.paused ? 'resume' : 'pause', label: q.paused ? 'Resume' : 'Pause', kind: 'secondary',
        run: () => api('/queues/' + enc(q.job_name), { method: 'PUT', json: { action: q.paused ? 'resume' : 'pause' } }),
        done: props.reload }))));
    return h(Table, { id: 'queues', rows: rows, head: ['Job type', { label: 'Size', num: true },
      { label: 'Latency', num: true }, 'State', { label: 'Running / cap', num: true },
      { label: 'Priority', num: true }, ''] });
  }

  function Pools(props) {
    const rows = props.pools.map((p) => h('tr', null,
      h('td', null, p.worker_pool_id),
      h('td', null, (p.host || '?') + ' (pid ' + (p.pid || '?') + ')'),
      h('td', null, time(p.started_at)),
      h('td', { class: 'num' }, age(p.heartbeat_age_seconds)),
      h('td', { class: 'num' }, p.concurrency),
      h('td', { class: 'num' }, p.busy),
      h('td', { class: 'num' }, p.idle),
      h('td', null, (p.job_names || []).join(', '))));
    return h(Table, { id: 'pools', rows: rows, head: ['Pool', 'Node', 'Started', { label: 'Heartbeat age', num: true },
      { label: 'Concurrency', num: true }, { label: 'Busy', num: true }, { label: 'Idle', num: true }, 'Job types'] });
  }

  /** uPlot owns its canvas: created once, then fed new data on each poll. */
  function ThroughputChart(props) {
    const box = useRef(null);
    const chart = useRef(null);
    const buckets = (props.throughput && props.throughput.buckets) || [];
    useEffect(() => {
      const data = [buckets.map((b) => b.t), buckets.map((b) => b.success), buckets.map((b) => b.error)];
      if (!chart.current) {
        chart.current = new uPlot({
          width: Math.max(320, box.current.clientWidth || 800), height: 220,
          series: [{}, { label: 'success', stroke: '#1a7f37', width: 2 }, { label: 'error', stroke: '#c62828', width: 2 }],
          axes: [{}, { label: 'jobs / 10 s' }],
        }, data, box.current);
      } else {
        chart.current.setData(data);
      }
    });
    useEffect(() => () => chart.current && chart.current.destroy(), []);
    return h('div', { ref: box, id: 'throughput' });
  }

  // --- jobs ----------------------------------------------------------------------------------------------------

  function Jobs() {
    const [filters, setFilters] = useState({ kind: '', job_name: '', status: '' });
    const [cursors, setCursors] = useState([0]);
    const [page, setPage] = useState(1);
    const [search, setSearch] = useState('');
    const [size, setSize] = useState(PAGE_SIZE);
    const [nameDraft, setNameDraft] = useState('');
    const cursor = cursors[cursors.length - 1];
    const [data, error] = usePoll(async () => {
      const r = await api('/jobs' + query({ kind: filters.kind, job_name: filters.job_name, status: filters.status,
        page_number: page, page_size: size, cursor: filters.kind === 'Scheduled' ? '' : cursor }));
      return { jobs: r.body || [], next: r.headers.get('Next-Cursor'), total: r.headers.get('Total-Count') };
    }, [filters.kind, filters.job_name, filters.status, cursor, page, size], POLL_MS);
    const set = (key) => (e) => {
      setFilters(Object.assign({}, filters, { [key]: e.target.value }));
      setCursors([0]);
      setPage(1);
    };
    function find(event) {
      event.preventDefault();
      if (search.trim()) {
        location.hash = '#/jobs/' + enc(search.trim());
      }
    }
    return h('section', { id: 'jobs' },
      h('h2', null, 'Jobs'),
      h('div', { class: 'filters' },
        h('select', { id: 'filter-kind', value: filters.kind, onChange: set('kind') },
          ['', 'Generic', 'Scheduled', 'Periodic'].map((k) => h('option', { value: k }, k || 'any kind'))),
        // typed into a draft (a poll re-renders every 2 s and would reset the field), applied on Enter or leaving it
        h('input', { id: 'filter-name', placeholder: 'job type', value: nameDraft,
          onInput: (e) => setNameDraft(e.target.value), onChange: set('job_name') }),
        h('select', { id: 'filter-status', value: filters.status, onChange: set('status') },
          ['', 'Pending', 'Scheduled', 'Running', 'Success', 'Error', 'Stopped']
            .map((s) => h('option', { value: s }, s || 'any status'))),
        h('select', { id: 'page-size', value: String(size), onChange: (e) => { setSize(Number(e.target.value)); setCursors([0]); } },
          [20, 50, 100].map((n) => h('option', { value: String(n) }, n + ' a page'))),
        h('form', { onSubmit: find, class: 'filters' },
          h('input', { id: 'search-id', placeholder: 'job id', value: search, onInput: (e) => setSearch(e.target.value) }),
          h('button', { type: 'submit', class: 'small' }, 'Open'))),
      h(ErrorBox, { error: error }),
      data ? h(JobTable, { jobs: data.jobs }) : h('p', null, 'Loading…'),
      data && filters.kind === 'Scheduled'
        ? h(Pager, { page: page, total: Number(data.total || 0), go: setPage })
        : h('div', { class: 'pager' },
          h('button', { class: 'secondary small', disabled: cursors.length < 2,
            onClick: () => setCursors(cursors.slice(0, -1)) }, '‹ First'),
          h('button', { class: 'secondary small', disabled: !data || !data.next || data.next === '0',
            onClick: () => setCursors(cursors.concat([Number(data.next)])) }, 'Next scan page ›'),
          h('small', { class: 'muted' }, 'one SCAN step per page; filters apply to each step')));
  }

  function JobTable(props) {
    const rows = props.jobs.map((w) => w.job || w).map((j) => h('tr', { 'data-job': j.id },
      h('td', null, h(JobLink, { id: j.id })),
      h('td', null, j.name),
      h('td', null, j.kind),
      h('td', null, h(Status, { value: j.status })),
      h('td', { class: 'num' }, j.revision || '–'),
      h('td', null, time(j.enqueue_time)),
      h('td', null, time(j.update_time))));
    return h(Table, { id: 'job-list', rows: rows, empty: 'no jobs on this page',
      head: ['Id', 'Type', 'Kind', 'Status', { label: 'Revision', num: true }, 'Enqueued', 'Updated'] });
  }

  function JobPage(props) {
    const id = props.id;
    const [job, error, reload] = usePoll(async () => (await api('/jobs/' + enc(id))).body.job, [id], POLL_MS);
    const running = job && !FINAL.includes(job.status);
    return h('section', { id: 'job' },
      h('p', null, h('a', { href: '#/jobs' }, '‹ Jobs')),
      h('h2', null, 'Job ', h('code', { id: 'job-id' }, id)),
      h(ErrorBox, { error: error }),
      job ? h('div', null,
        h('p', null, 'Status ', h('strong', { id: 'job-status' }, h(Status, { value: job.status })),
          ', revision ', h('span', { id: 'job-revision' }, String(job.revision || '–')), ' ',
          running ? h(Action, { name: 'stop', label: 'Stop', kind: 'contrast',
            run: () => api('/jobs/' + enc(id), { method: 'POST', json: { action: 'stop' } }), done: reload }) : null),
        h(JobStatsTable, { job: job }),
        h(Hook, { id: id, live: running }),
        h(Log, { id: id, live: running }),
        job.kind === 'Periodic' ? h(Executions, { id: id }) : null) : null);
  }

  function JobStatsTable(props) {
    const j = props.job;
    const row = (label, value) => h('tr', null, h('th', null, label), h('td', null, value));
    return h('figure', null, h('table', { id: 'job-stats' }, h('tbody', null,
      row('Type', j.name),
      row('Kind', j.kind),
      row('Unique', String(!!j.unique)),
      row('Enqueued', time(j.enqueue_time)),
      row('Updated', time(j.update_time)),
      j.run_at ? row('Run at', time(j.run_at)) : null,
      j.cron_spec ? row('Cron', j.cron_spec) : null,
      row('Check-in', h('span', { id: 'job-check-in' }, (j.check_in || '–') + (j.check_in_at ? ' at ' + time(j.check_in_at) : ''))),
      j.upstream_job_id ? row('Policy', h(JobLink, { id: j.upstream_job_id })) : null,
      row('Parameters', h('pre', { class: 'params', id: 'job-parameters' }, json(j.parameters))),
      j.ack ? row('ACK', h('pre', { class: 'params' }, json(j.ack))) : null)));
  }

  function Hook(props) {
    const [hook, error] = usePoll(async () => (await api('/jobs/' + enc(props.id) + '/hook')).body,
      [props.id, props.live], props.live ? POLL_MS : 0);
    if (error) {
      return h('div', null, h('h3', null, 'Status hook'), h(ErrorBox, { error: error }));
    }
    if (!hook) {
      return null;
    }
    const ack = hook.ack;
    return h('div', { id: 'job-hook' },
      h('h3', null, 'Status hook'),
      h('p', null, 'URL: ', h('code', null, hook.web_hook_url || 'none')),
      h('p', null, 'Delivered up to: ', ack ? ack.status + ' (revision ' + ack.revision + ', check-in at '
        + time(ack.check_in_at) + ')' : 'nothing yet'),
      h('p', null, hook.pending_count + ' pending, ' + hook.attempts + ' failed attempts'
        + (hook.parked ? ', parked' : '')
        + (hook.next_attempt_at ? ', next attempt ' + new Date(hook.next_attempt_at).toISOString() : '')),
      (hook.pending || []).length ? h(Table, { id: 'hook-pending', head: ['Status', 'Revision', 'Check-in at', 'Check-in'],
        rows: hook.pending.map((p) => h('tr', null, h('td', null, p.status), h('td', null, p.revision),
          h('td', null, time(p.check_in_at)), h('td', null, p.check_in || ''))) }) : null);
  }

  /** The job's log; polled while the job runs, so new lines appear as they are written. */
  function Log(props) {
    const [log, error] = usePoll(async () => (await api('/jobs/' + enc(props.id) + '/log')).body,
      [props.id, props.live], props.live ? POLL_MS : 0);
    const box = useRef(null);
    useEffect(() => {
      if (box.current) {
        box.current.scrollTop = box.current.scrollHeight;
      }
    }, [log]);
    return h('div', null,
      h('h3', null, 'Log', props.live ? h('small', { class: 'muted' }, ' (live)') : null),
      error && error.status === 404 ? h('p', { class: 'muted' }, 'No log on this node.') : h(ErrorBox, { error: error }),
      log !== null ? h('pre', { class: 'log', id: 'job-log', ref: box }, String(log)) : null);
  }

  function Executions(props) {
    const [page, setPage] = useState(1);
    const [data, error] = usePoll(async () => {
      const r = await api('/jobs/' + enc(props.id) + '/executions' + query({ page_number: page, page_size: PAGE_SIZE }));
      return { jobs: r.body || [], total: Number(r.headers.get('Total-Count') || 0) };
    }, [props.id, page], POLL_MS);
    return h('div', { id: 'executions' },
      h('h3', null, 'Executions'),
      h(ErrorBox, { error: error }),
      data ? h('div', null, h(JobTable, { jobs: data.jobs }), h(Pager, { page: page, total: data.total, go: setPage }))
        : null);
  }

  // --- scheduled, retry and dead sets --------------------------------------------------------------------------

  const SET_TITLES = { scheduled: 'Scheduled', retry: 'Retry', dead: 'Dead' };
  const SET_TIME = { scheduled: 'Runs at', retry: 'Retries at', dead: 'Died at' };

  function JobSet(props) {
    const set = props.set;
    const [page, setPage] = useState(1);
    useEffect(() => setPage(1), [set]);
    const [data, error, reload] = usePoll(async () => {
      const r = await api('/sets/' + enc(set) + query({ page_number: page, page_size: PAGE_SIZE }));
      return { entries: r.body || [], total: Number(r.headers.get('Total-Count') || 0) };
    }, [set, page], POLL_MS);
    const path = (e) => '/sets/' + enc(set) + '/' + enc(e.entry_id);
    const rows = data ? data.entries.map((e) => h('tr', { 'data-job': e.job_id },
      h('td', null, h(JobLink, { id: e.job_id })),
      h('td', null, e.job_name),
      h('td', null, time(e.at)),
      h('td', { class: 'num' }, e.fails),
      h('td', null, e.failed_at ? time(e.failed_at) : '–'),
      h('td', null, e.error || '–'),
      h('td', null, h('pre', { class: 'params' }, e.args)),
      h('td', { class: 'actions' },
        h(Action, { name: 'run', label: 'Run now', run: () => api(path(e), { method: 'POST', json: { action: 'run' } }),
          done: reload }),
        h(Action, { name: 'delete', label: 'Delete', kind: 'secondary', done: reload,
          run: () => api(path(e), { method: 'DELETE' }) })))) : [];
    return h('section', { id: 'set-' + set },
      h('h2', null, SET_TITLES[set] + ' jobs'),
      h(ErrorBox, { error: error }),
      data ? h('div', null, h(Table, { id: 'set-entries', rows: rows, empty: 'the set is empty',
        head: ['Job', 'Type', SET_TIME[set], { label: 'Fails', num: true }, 'Failed at', 'Error', 'Arguments', ''] }),
      h(Pager, { page: page, total: data.total, go: setPage })) : h('p', null, 'Loading…'));
  }

  // --- periodic policies ---------------------------------------------------------------------------------------

  function Periodic() {
    const [page, setPage] = useState(1);
    const [data, error, reload] = usePoll(async () => {
      const r = await api('/periodic_policies' + query({ page_number: page, page_size: PAGE_SIZE }));
      return { policies: r.body || [], total: Number(r.headers.get('Total-Count') || 0) };
    }, [page], POLL_MS);
    const rows = data ? data.policies.map((p) => h('tr', { 'data-policy': p.id },
      h('td', null, h(JobLink, { id: p.id })),
      h('td', null, p.job_name),
      h('td', null, h('code', null, p.cron_spec)),
      h('td', null, time(p.next_fire_time)),
      h('td', null, (p.executions || []).length ? p.executions.map((x) => h('div', null, h(JobLink, { id: x.id }), ' ',
        h(Status, { value: x.status }), ' ', h('small', { class: 'muted' }, time(x.run_at))))
        : h('span', { class: 'muted' }, 'none yet')),
      h('td', null, h(Action, { name: 'stop', label: 'Stop', kind: 'secondary', done: reload,
        run: () => api('/jobs/' + enc(p.id), { method: 'POST', json: { action: 'stop' } }) })))) : [];
    return h('section', { id: 'periodic' },
      h('h2', null, 'Periodic policies'),
      h(ErrorBox, { error: error }),
      data ? h('div', null, h(Table, { id: 'policies', rows: rows, empty: 'no periodic policies',
        head: ['Policy', 'Type', 'Cron', 'Next fire', 'Recent executions', ''] }),
      h(Pager, { page: page, total: data.total, go: setPage })) : h('p', null, 'Loading…'));
  }

  // --- busy workers --------------------------------------------------------------------------------------------

  function Workers() {
    const [data, error] = usePoll(async () => (await api('/workers')).body, [], POLL_MS);
    const rows = (data || []).map((w) => h('tr', { 'data-job': w.job_id },
      h('td', null, w.worker_id),
      h('td', null, (w.host || '?') + ' / ' + w.pool_id),
      h('td', null, h(JobLink, { id: w.job_id })),
      h('td', null, w.job_name),
      h('td', null, time(w.started_at)),
      h('td', null, (w.check_in || '–') + (w.check_in_at ? ' at ' + time(w.check_in_at) : ''))));
    return h('section', { id: 'workers' },
      h('h2', null, 'Busy workers'),
      h(ErrorBox, { error: error }),
      data ? h(Table, { id: 'worker-list', rows: rows, empty: 'no busy workers',
        head: ['Worker', 'Node / pool', 'Job', 'Type', 'Started', 'Last check-in'] }) : h('p', null, 'Loading…'));
  }

  // --- the shell: navigation, hash routes, the secret ----------------------------------------------------------

  const NAV = [['#/overview', 'Overview'], ['#/jobs', 'Jobs'], ['#/sets/scheduled', 'Scheduled'],
    ['#/sets/retry', 'Retry'], ['#/sets/dead', 'Dead'], ['#/periodic', 'Periodic'], ['#/workers', 'Workers']];

  function route(hash) {
    const parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
    switch (parts[0]) {
      case 'jobs':
        return parts[1] ? h(JobPage, { id: parts[1], key: parts[1] }) : h(Jobs, null);
      case 'sets':
        return SET_TITLES[parts[1]] ? h(JobSet, { set: parts[1], key: parts[1] }) : h('p', null, 'Unknown set.');
      case 'periodic':
        return h(Periodic, null);
      case 'workers':
        return h(Workers, null);
      default:
        return h(Overview, null);
    }
  }

  function App() {
    const [hash, setHash] = useState(location.hash || '#/overview');
    const [signedIn, setSignedIn] = useState(!!sessionStorage.getItem(SECRET_KEY));
    const [message, setMessage] = useState(null);
    useEffect(() => {
      const changed = () => setHash(location.hash || '#/overview');
      window.addEventListener('hashchange', changed);
      onUnauthorized = (text) => {
        setMessage(text);
        setSignedIn(false);
      };
      return () => window.removeEventListener('hashchange', changed);
    }, []);
    if (!signedIn) {
      return h(Login, { message: message, accepted: () => { setMessage(null); setSignedIn(true); } });
    }
    const active = NAV.map((n) => n[0]).filter((n) => hash.startsWith(n)).pop();
    return h('div', null,
      h('nav', { class: 'top' },
        h('ul', null, h('li', null, h('strong', null, 'jobservice'))),
        h('ul', null, NAV.map((n) => h('li', null, h('a', { href: n[0], class: n[0] === active ? 'active' : null }, n[1]))),
          h('li', null, h('a', { href: '#/overview', id: 'sign-out', onClick: () => {
            sessionStorage.removeItem(SECRET_KEY);
            setSignedIn(false);
          } }, 'Sign out')))),
      route(hash));
  }

  const root = document.getElementById('app');
  // Preact keeps children it did not render: the static "Loading…" goes first
  root.textContent = '';
  render(h(App, null), root);
}());
