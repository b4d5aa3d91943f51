// Antevorta dashboard: loads the operator API's snapshots, then follows /api/stream.
//
// - Numbers (prices, counts, money) are shown exactly as the API sends them (strings); the
//   only float arithmetic is the scaling of the equity curve.
// - The stream reconnects with capped exponential backoff and says "disconnected" while it
//   is down; after a reconnect the snapshots are loaded again (events may have been missed).
// - Mutating calls ask for the token once through #token-form, keep it in sessionStorage
//   (this tab only) and send it as a Bearer token; a 401 forgets it. The API's error message
//   is shown in #action-message.
// - Data from the API is only ever written with textContent (never parsed as HTML).
'use strict';

(() => {
  const MAX_ROWS = 50;          // fills and decisions kept
  const MAX_POINTS = 2400;      // equity points kept (the daemon's day + status updates)
  const MAX_ALERTS = 30;
  const MAX_BOOKS = 20;         // the stream's limit for subscribe_books
  const BOOK_LEVELS = 10;       // levels shown per side
  const STATUS_STALE_MS = 7000; // status_update comes every 2 s
  const STREAM_SILENT_MS = 25000;  // an open socket this quiet is closed and reopened
  const TOKEN_KEY = 'antevorta.api_token';
  const OPEN_STATES = ['pending', 'resting', 'partially_filled', 'unknown'];

  const state = {
    orders: new Map(),  // client_order_id -> open order
    orderLog: null,     // order_updates received while the order snapshot loads
    fills: [],          // newest first
    decisions: [],      // newest first
    equity: [],         // {at, value (string as sent), y (number, for the plot only)}
    bookTickers: [],
    books: new Map(),   // ticker -> book
    ws: null,
    everOpened: false,
    attempt: 0,
    lastMessageAt: 0,
    lastStatusAt: 0,
    pendingAction: null,
    strategies: [],
    strategiesKey: '',
    positionsTimer: null,
  };

  const $ = (id) => document.getElementById(id);
  const text = (v) => (v === null || v === undefined || v === '' ? '—' : String(v));
  const isNegative = (v) => typeof v === 'string' && v.startsWith('-');
  // "2026-11-21T10:00:00.123Z" -> "10:00:00.123"
  const shortTime = (at) =>
    typeof at === 'string' && at.length >= 23 && at[10] === 'T' ? at.slice(11, 23) : text(at);

  function el(tag, value, cls) {
    const e = document.createElement(tag);
    if (value !== undefined) e.textContent = text(value);
    if (cls) e.className = cls;
    return e;
  }

  function row(cells, attrs) {
    const tr = document.createElement('tr');
    for (const c of cells) {
      if (c instanceof Node) {
        const td = document.createElement('td');
        td.appendChild(c);
        tr.appendChild(td);
      } else if (Array.isArray(c)) {
        tr.appendChild(el('td', c[0], c[1]));
      } else {
        tr.appendChild(el('td', c));
      }
    }
    for (const [k, v] of Object.entries(attrs || {})) tr.setAttribute(k, v);
    return tr;
  }

  function timeCell(at) {
    const s = el('span', shortTime(at));
    s.title = text(at);
    return s;
  }

  function fillTable(id, rows) {
    const body = $(id).tBodies[0];
    body.replaceChildren(...rows);
  }

  function describeError(status, body) {
    if (body && typeof body === 'object' && body.message) {
      return `${status} ${body.error || ''}: ${body.message}`;
    }
    return status ? `HTTP ${status}` : 'no answer from the daemon';
  }

  async function getJson(path) {
    const res = await fetch(path, {cache: 'no-store'});
    const body = await res.json().catch(() => null);
    if (!res.ok) throw new Error(describeError(res.status, body));
    return body;
  }

  function showNotice(message) {
    const n = $('notice');
    n.textContent = message;
    n.hidden = !message;
  }

  // ---- status ----

  function renderLatch(prefix, latch) {
    const s = $(`${prefix}-state`);
    const engaged = !!(latch && latch.engaged);
    s.textContent = engaged ? 'ENGAGED' : 'off';
    s.dataset.engaged = String(engaged);
    s.className = engaged ? 'bad' : 'ok';
    // reason is the kind (manual, drift, …), detail the words (the operator's reason).
    const parts = [];
    if (latch && latch.reason) parts.push(latch.reason);
    if (latch && latch.detail) parts.push(latch.detail);
    if (latch && latch.since) parts.push(`${engaged ? 'since' : 'at'} ${latch.since}`);
    $(`${prefix}-detail`).textContent =
      parts.length === 0 ? '' : `${engaged ? '' : 'last change: '}${parts.join(' · ')}`;
  }

  function renderBanner(s) {
    const b = $('mode-banner');
    const env = text(s.environment);
    const mode = text(s.execution_mode);
    b.dataset.environment = env;
    b.dataset.executionMode = mode;
    b.className = `banner env-${env} mode-${mode}`;
    $('mode-environment').textContent = `environment: ${env}`;
    $('mode-execution').textContent = `execution: ${mode}`;
    $('version').textContent = s.version ? `v${s.version}` : '';
    document.title = `Antevorta · ${env} · ${mode}`;
  }

  function renderStrategies(list) {
    // Rebuilt only on a change, so a button is not replaced under the operator's click.
    const key = JSON.stringify(list || []);
    if (key === state.strategiesKey) return;
    state.strategiesKey = key;
    state.strategies = list || [];
    fillTable('strategies', state.strategies.map((st) => {
      const button = el('button', st.enabled ? 'Disable' : 'Enable');
      button.type = 'button';
      button.dataset.strategy = st.name;
      button.dataset.enable = String(!st.enabled);
      button.addEventListener('click', () => setStrategy(st.name, !st.enabled));
      return row([st.name, [st.enabled ? 'enabled' : 'disabled', st.enabled ? 'ok' : 'muted'],
        button], {'data-strategy': st.name});
    }));
  }

  function applyStatus(s) {
    renderBanner(s);
    fillTable('connections', (s.connections || []).map((c) => {
      const good = c.state === 'connected' || c.state === 'ok' || c.state === 'live';
      return row([c.name, [c.state, good ? 'ok' : 'bad'], c.detail],
        {'data-name': c.name, 'data-state': text(c.state)});
    }));
    const ex = s.exchange || {};
    const exParts = [`trading active: ${text(ex.trading_active)}`];
    if ('exchange_active' in ex) exParts.unshift(`exchange active: ${text(ex.exchange_active)}`);
    if ('last_checked' in ex) exParts.push(`checked ${text(ex.last_checked)}`);
    $('exchange-state').textContent = exParts.join(' · ');
    const books = s.books || {};
    $('books-state').textContent = `books fresh: ${text(books.fresh)} of ${text(books.total)}`;
    const ready = $('ready');
    ready.textContent = s.ready ? 'yes' : 'no';
    ready.className = s.ready ? 'ok' : 'bad';
    renderLatch('kill-switch', s.kill_switch);
    renderLatch('circuit-breaker', s.circuit_breaker);
    const p = s.pnl_today || {};
    $('pnl-date').textContent = p.date ? `(${p.date} UTC)` : '';
    for (const k of ['net', 'realized', 'fees', 'payouts', 'fills']) {
      const d = $(`pnl-${k}`);
      d.textContent = text(p[k]);
      d.className = isNegative(p[k]) ? 'neg' : '';
    }
    $('balance').textContent = text(s.balance);
    $('equity').textContent = s.positions_known === false ? `${text(s.equity)} (positions not known)`
                                                         : text(s.equity);
    $('exposure').textContent = text(s.exposure);
    $('open-order-count').textContent = text(s.open_orders);
    renderStrategies(s.strategies);
  }

  function onStatusUpdate(at, s) {
    state.lastStatusAt = Date.now();
    applyStatus(s);
    const u = $('last-update');
    u.textContent = shortTime(at);
    u.title = text(at);
    u.dataset.at = text(at);
    pushEquity(at, s.equity);
  }

  // ---- equity curve ----

  function pushEquity(at, value) {
    if (value === null || value === undefined) return;
    const y = Number(value);
    if (!Number.isFinite(y)) return;
    state.equity.push({at, value: String(value), y});
    if (state.equity.length > MAX_POINTS) state.equity.splice(0, state.equity.length - MAX_POINTS);
    renderEquity();
  }

  // The daemon's history (one point a minute, GET /api/equity) first, then the points the
  // stream brought that are newer than it. Times are the API's RFC 3339 UTC strings, which
  // sort as text.
  function loadEquity(body) {
    const history = [];
    for (const p of (body && body.points) || []) {
      const y = Number(p.equity);
      if (Number.isFinite(y)) history.push({at: p.at, value: String(p.equity), y});
    }
    const last = history.length ? history[history.length - 1].at : '';
    const newer = state.equity.filter((p) => p.at > last);
    state.equity = history.concat(newer).slice(-MAX_POINTS);
    renderEquity();
  }

  function renderEquity() {
    const pts = state.equity;
    const svg = $('equity-curve');
    svg.dataset.points = String(pts.length);
    if (pts.length === 0) return;
    let lo = pts[0];
    let hi = pts[0];
    for (const p of pts) {
      if (p.y < lo.y) lo = p;
      if (p.y > hi.y) hi = p;
    }
    const span = hi.y - lo.y;
    // x by time (history a minute apart, live points seconds apart); by index if a time
    // does not parse.
    const t0 = Date.parse(pts[0].at);
    const t1 = Date.parse(pts[pts.length - 1].at);
    const byTime = Number.isFinite(t0) && Number.isFinite(t1) && t1 > t0;
    const xs = pts.length > 1 ? 800 / (pts.length - 1) : 0;
    const coords = pts.map((p, i) => {
      const y = span > 0 ? 190 - ((p.y - lo.y) / span) * 180 : 100;
      const t = Date.parse(p.at);
      const x = byTime && Number.isFinite(t) ? ((t - t0) / (t1 - t0)) * 800 : i * xs;
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    });
    if (pts.length === 1) coords.push(`800,${coords[0].split(',')[1]}`);
    $('equity-line').setAttribute('points', coords.join(' '));
    $('equity-min').textContent = `low ${lo.value}`;
    $('equity-max').textContent = `high ${hi.value}`;
    $('equity-range').textContent =
      `${shortTime(pts[0].at)} – ${shortTime(pts[pts.length - 1].at)} (${pts.length} points)`;
  }

  // ---- positions, orders, fills, decisions ----

  function renderPositions(list) {
    fillTable('positions', (list || []).map((p) => row([
      p.ticker, [p.position, isNegative(p.position) ? 'neg' : ''], p.average_price, p.cost_basis,
      [p.realized, isNegative(p.realized) ? 'neg' : ''], p.fees, p.payouts, p.volume,
    ], {'data-ticker': p.ticker})));
  }

  async function loadPositions() {
    try {
      renderPositions((await getJson('/api/positions')).positions);
    } catch (e) {
      showNotice(`Could not load positions: ${e.message}`);
    }
  }

  function schedulePositions() {
    if (state.positionsTimer) return;
    state.positionsTimer = setTimeout(() => {
      state.positionsTimer = null;
      loadPositions();
    }, 500);
  }

  // Times are RFC 3339 UTC with milliseconds, so their strings sort in time order.
  // A stream order_update carries fewer fields than /api/orders (no created_at, order_id):
  // it is merged into what is known. Before the daemon gives it an id, an order is not listed.
  function upsertOrder(o) {
    if (!o.client_order_id) return;
    const prev = state.orders.get(o.client_order_id);
    if (prev && prev.updated_at && o.updated_at && o.updated_at < prev.updated_at) return;
    if (OPEN_STATES.includes(o.state)) {
      state.orders.set(o.client_order_id, prev ? {...prev, ...o} : o);
    } else {
      state.orders.delete(o.client_order_id);
    }
  }

  function renderOrders() {
    const since = (o) => o.created_at || o.updated_at;
    const list = [...state.orders.values()].sort((a, b) =>
      text(since(b)).localeCompare(text(since(a))));
    fillTable('orders', list.map((o) => row([
      timeCell(since(o)), o.client_order_id, o.strategy, o.ticker, o.side, o.action, o.price,
      o.count, o.filled, o.state,
    ], {'data-client-order-id': o.client_order_id, 'data-state': text(o.state)})));
  }

  async function loadOrders() {
    const log = [];
    state.orderLog = log;
    try {
      const answer = await getJson('/api/orders?status=open&limit=100');
      state.orders = new Map();
      for (const o of answer.orders || []) upsertOrder(o);  // filtered again by state
      for (const o of log) upsertOrder(o);
      renderOrders();
    } finally {
      if (state.orderLog === log) state.orderLog = null;
    }
  }

  function mergeNewest(current, incoming, key) {
    const seen = new Map(current.map((x) => [key(x), x]));
    for (const x of incoming) seen.set(key(x), x);
    return [...seen.values()]
      .sort((a, b) => text(b.at).localeCompare(text(a.at)))
      .slice(0, MAX_ROWS);
  }

  function mergeFills(list) {
    state.fills = mergeNewest(state.fills, list || [], (f) => f.trade_id);
    fillTable('fills', state.fills.map((f) => row([
      timeCell(f.at), f.ticker, f.strategy, f.side, f.action, f.price, f.count, f.fee,
      f.is_taker ? 'yes' : 'no',
    ], {'data-trade-id': text(f.trade_id)})));
  }

  function mergeDecisions(list) {
    state.decisions = mergeNewest(state.decisions, list || [],
      (d) => `${d.intent_id}|${d.at}|${d.reason}`);
    fillTable('decisions', state.decisions.map((d) => row([
      timeCell(d.at), d.strategy, d.ticker, d.side, d.action, d.price, d.count,
      [d.approved ? 'approved' : `denied: ${text(d.reason)}`, d.approved ? 'ok' : 'bad'],
      d.rule, d.limit, d.actual, d.detail,
    ], {'data-approved': String(!!d.approved), class: d.approved ? '' : 'denied'})));
  }

  // ---- alerts ----

  function addAlert(at, a) {
    const li = el('li', undefined, `alert ${text(a.severity)}`);
    li.appendChild(el('span', shortTime(at), 'time'));
    li.appendChild(el('strong', `${text(a.severity)} · ${text(a.kind)} · ${text(a.title)}`));
    li.appendChild(el('span', a.text, 'detail'));
    const list = $('alerts');
    list.prepend(li);
    while (list.children.length > MAX_ALERTS) list.lastElementChild.remove();
  }

  // ---- markets and books ----

  function renderMarkets(markets) {
    const select = $('book-select');
    const chosen = new Set([...select.selectedOptions].map((o) => o.value));
    for (const t of state.bookTickers) chosen.add(t);
    select.replaceChildren(...(markets || []).map((m) => {
      const o = el('option', `${m.ticker}  ${text(m.yes_bid)} / ${text(m.yes_ask)}` +
        (m.book_fresh === false ? '  (stale)' : ''));
      o.value = m.ticker;
      o.title = text(m.title);
      o.selected = chosen.has(m.ticker);
      return o;
    }));
  }

  async function loadMarkets() {
    try {
      renderMarkets((await getJson('/api/markets')).markets);
    } catch (e) {
      showNotice(`Could not load markets: ${e.message}`);
    }
  }

  function levelTable(title, levels) {
    const t = el('table', undefined, 'levels');
    const head = t.createTHead().insertRow();
    head.appendChild(el('th', `${title} price`));
    head.appendChild(el('th', 'count'));
    const body = t.createTBody();
    for (const l of (levels || []).slice(0, BOOK_LEVELS)) body.appendChild(row([l.price, l.count]));
    return t;
  }

  function renderBooks() {
    $('books').replaceChildren(...state.bookTickers.map((ticker) => {
      const b = state.books.get(ticker);
      const box = el('div', undefined, 'book');
      box.dataset.ticker = ticker;
      box.appendChild(el('h3', b ? `${ticker}${b.fresh === false ? ' (stale)' : ''}`
                                 : `${ticker} (waiting)`));
      if (b) {
        box.appendChild(levelTable('bid', b.bids));
        box.appendChild(levelTable('ask', b.asks));
      }
      return box;
    }));
  }

  function sendSubscription() {
    if (state.ws && state.ws.readyState === WebSocket.OPEN) {
      state.ws.send(JSON.stringify({subscribe_books: state.bookTickers}));
    }
  }

  async function subscribeBooks() {
    state.bookTickers = [...$('book-select').selectedOptions].map((o) => o.value)
      .slice(0, MAX_BOOKS);
    for (const t of [...state.books.keys()]) {
      if (!state.bookTickers.includes(t)) state.books.delete(t);
    }
    sendSubscription();
    renderBooks();
    await Promise.all(state.bookTickers.map(async (t) => {
      try {
        const b = await getJson(`/api/books/${encodeURIComponent(t)}`);
        if (state.bookTickers.includes(t) && !state.books.has(t)) state.books.set(t, b);
      } catch (e) {
        showNotice(`Could not load the book of ${t}: ${e.message}`);
      }
    }));
    renderBooks();
  }

  // ---- stream ----

  function setStream(label, cls, key) {
    const s = $('stream-state');
    s.textContent = label;
    s.className = cls;
    s.dataset.state = key;
  }

  function onMessage(m) {
    state.lastMessageAt = Date.now();
    const d = m.data || {};
    switch (m.type) {
      case 'status_update':
        onStatusUpdate(m.at, d);
        break;
      case 'order_update':
        if (state.orderLog) state.orderLog.push(d);
        upsertOrder(d);
        renderOrders();
        break;
      case 'fill':
        mergeFills([d]);
        schedulePositions();
        break;
      case 'decision':
        mergeDecisions([d]);
        break;
      case 'alert':
        addAlert(d.at || m.at, d);
        break;
      case 'book':
        if (state.bookTickers.includes(d.ticker)) {
          state.books.set(d.ticker, d);
          renderBooks();
        }
        break;
      case 'error':
        showNotice(`The stream refused a message: ${text(d.message)}`);
        break;
      default:
        break;  // signal and future types: not shown
    }
  }

  function connect() {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    let ws;
    try {
      ws = new WebSocket(`${scheme}://${location.host}/api/stream`);
    } catch (e) {
      scheduleReconnect();
      return;
    }
    state.ws = ws;
    setStream('connecting', 'warn', 'connecting');
    ws.onopen = () => {
      const reconnected = state.everOpened;
      state.everOpened = true;
      state.attempt = 0;
      state.lastMessageAt = Date.now();
      setStream('connected', 'ok', 'connected');
      sendSubscription();
      if (reconnected) loadAll();
    };
    ws.onmessage = (e) => {
      let m;
      try {
        m = JSON.parse(e.data);
      } catch (err) {
        return;
      }
      if (m && typeof m === 'object') onMessage(m);
    };
    ws.onclose = () => {
      if (state.ws !== ws) return;
      state.ws = null;
      scheduleReconnect();
    };
  }

  function scheduleReconnect() {
    const base = Math.min(15000, 500 * 2 ** Math.min(state.attempt, 5));
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    state.attempt += 1;
    setStream(`disconnected (retrying in ${Math.ceil(delay / 1000)} s)`, 'bad', 'disconnected');
    setTimeout(connect, delay);
  }

  function watchStream() {
    const ws = state.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    const now = Date.now();
    if (now - state.lastMessageAt > STREAM_SILENT_MS) {
      ws.close();  // half-open: onclose reconnects
      return;
    }
    if (state.lastStatusAt && now - state.lastStatusAt > STATUS_STALE_MS) {
      const secs = Math.round((now - state.lastStatusAt) / 1000);
      setStream(`connected, no status for ${secs} s`, 'warn', 'stale');
    } else if ($('stream-state').dataset.state !== 'connected') {
      setStream('connected', 'ok', 'connected');
    }
  }

  // ---- snapshots ----

  async function loadAll() {
    const errors = [];
    const guard = (name, p) => p.catch((e) => errors.push(`${name}: ${e.message}`));
    await Promise.all([
      guard('status', getJson('/api/status').then(applyStatus)),
      guard('positions', getJson('/api/positions').then((b) => renderPositions(b.positions))),
      guard('orders', loadOrders()),
      guard('fills', getJson(`/api/fills?limit=${MAX_ROWS}`).then((b) => mergeFills(b.fills))),
      guard('decisions', getJson(`/api/decisions?limit=${MAX_ROWS}`)
        .then((b) => mergeDecisions(b.decisions))),
      guard('markets', getJson('/api/markets').then((b) => renderMarkets(b.markets))),
      guard('equity', getJson('/api/equity').then(loadEquity)),
    ]);
    showNotice(errors.length ? `Could not load ${errors.join('; ')}` : '');
  }

  // ---- token and actions ----

  const storedToken = () => sessionStorage.getItem(TOKEN_KEY) || '';

  function renderTokenState() {
    $('token-state').textContent = storedToken() ? 'set' : 'not set';
  }

  function setMessage(message, cls, status) {
    const m = $('action-message');
    m.textContent = message;
    m.className = `message ${cls}`;
    m.dataset.status = status === undefined ? '' : String(status);
  }

  function withToken(action) {
    const t = storedToken();
    if (t) {
      action(t);
      return;
    }
    state.pendingAction = action;
    $('token-form').hidden = false;
    $('token-input').focus();
    setMessage('Enter the API token to continue.', 'pending');
  }

  function onTokenSubmit(e) {
    e.preventDefault();
    const input = $('token-input');
    const t = input.value.trim();
    if (!t) {
      setMessage('The token is empty.', 'error');
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, t);
    input.value = '';
    $('token-form').hidden = true;
    renderTokenState();
    const action = state.pendingAction;
    state.pendingAction = null;
    if (action) action(t);
  }

  function onTokenCancel() {
    $('token-input').value = '';
    $('token-form').hidden = true;
    state.pendingAction = null;
    setMessage('Canceled.', 'muted');
  }

  function forgetToken() {
    sessionStorage.removeItem(TOKEN_KEY);
    renderTokenState();
    setMessage('Token forgotten.', 'muted');
  }

  async function send(method, path, body, token) {
    const headers = {Authorization: `Bearer ${token}`};
    const init = {method, headers, cache: 'no-store'};
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    try {
      const res = await fetch(path, init);
      return {ok: res.ok, status: res.status, body: await res.json().catch(() => null)};
    } catch (e) {
      return {ok: false, status: 0, body: {error: 'network', message: e.message}};
    }
  }

  function act(label, method, path, body, onOk) {
    withToken(async (token) => {
      setMessage(`${label}…`, 'pending');
      const r = await send(method, path, body, token);
      if (r.ok) {
        setMessage(onOk(r.body || {}) || `${label}: done.`, 'ok', r.status);
        return;
      }
      if (r.status === 401) {
        sessionStorage.removeItem(TOKEN_KEY);
        renderTokenState();
      }
      setMessage(`${label} failed: ${describeError(r.status, r.body)}`, 'error', r.status);
    });
  }

  function engageKillSwitch() {
    const reason = $('kill-switch-reason').value.trim();
    if (!reason) {
      setMessage('Type a reason to engage the kill switch.', 'error');
      $('kill-switch-reason').focus();
      return;
    }
    act('Engage kill switch', 'POST', '/api/kill-switch', {engaged: true, reason}, (b) => {
      if (b.kill_switch) renderLatch('kill-switch', b.kill_switch);
      return `Kill switch engaged; ${text(b.canceled_orders)} orders canceled.`;
    });
  }

  function releaseKillSwitch() {
    const reason = $('kill-switch-reason').value.trim() || 'released from the dashboard';
    act('Release kill switch', 'POST', '/api/kill-switch', {engaged: false, reason}, (b) => {
      if (b.kill_switch) renderLatch('kill-switch', b.kill_switch);
      return 'Kill switch released.';
    });
  }

  function resetBreaker() {
    act('Reset circuit breaker', 'POST', '/api/circuit-breaker/reset', undefined, (b) => {
      if (b.circuit_breaker) renderLatch('circuit-breaker', b.circuit_breaker);
      return 'Circuit breaker reset.';
    });
  }

  function setStrategy(name, enabled) {
    const label = `${enabled ? 'Enable' : 'Disable'} ${name}`;
    act(label, 'POST', `/api/strategies/${encodeURIComponent(name)}`, {enabled}, (b) => {
      renderStrategies(state.strategies.map((s) =>
        (s.name === b.name ? {...s, enabled: !!b.enabled} : s)));
      return `${text(b.name)} ${b.enabled ? 'enabled' : 'disabled'}.`;
    });
  }

  // ---- start ----

  function start() {
    $('kill-switch-engage').addEventListener('click', engageKillSwitch);
    $('kill-switch-release').addEventListener('click', releaseKillSwitch);
    $('circuit-breaker-reset').addEventListener('click', resetBreaker);
    $('token-form').addEventListener('submit', onTokenSubmit);
    $('token-cancel').addEventListener('click', onTokenCancel);
    $('token-forget').addEventListener('click', forgetToken);
    $('book-subscribe').addEventListener('click', subscribeBooks);
    renderTokenState();
    connect();
    loadAll();
    setInterval(watchStream, 1000);
    setInterval(loadPositions, 15000);
    setInterval(loadMarkets, 30000);
  }

  start();
})();
