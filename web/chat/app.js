// Web chat page: talks to /chat/api (web chat) or posts real skill payloads to the Kakao skill
// endpoint and draws the SkillResponse the way KakaoTalk shows it (simulator mode).
const log = document.querySelector('#log');
const quick = document.querySelector('#quick');
const input = document.querySelector('#input');
const simulator = document.querySelector('#simulator');
const settings = document.querySelector('#simulator-settings');
const skillUrl = document.querySelector('#skill-url');
const showJson = document.querySelector('#show-json');

const store = window.localStorage;
let lastId;
let pollTimer;
const seen = new Set();

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function scrollDown() {
  log.scrollTop = log.scrollHeight;
}

function showOptions(options) {
  quick.replaceChildren();
  for (const option of options ?? []) {
    const button = element('button', '', option.label);
    button.type = 'button';
    button.addEventListener('click', () => send(option.text ?? option.messageText ?? option.label));
    quick.append(button);
  }
}

function drawCard(card) {
  const box = element('div', 'card');
  if (card.title) box.append(element('h2', '', card.title));
  if (card.description) box.append(element('p', '', card.description));
  for (const button of card.buttons ?? []) {
    const target = button.value ?? button.phoneNumber ?? button.webLinkUrl;
    const isPhone = button.kind === 'phone' || button.action === 'phone';
    const link = element('a', '', button.label);
    link.href = isPhone ? `tel:${target}` : target;
    if (!isPhone) link.target = '_blank';
    box.append(link);
  }
  log.append(box);
}

// ---- web chat -------------------------------------------------------------------------

async function api(path, options = {}) {
  const headers = {
    'content-type': 'application/json',
    'x-chat-session': store.getItem('abroad.chat.token') ?? '',
  };
  const response = await fetch(path, { ...options, headers });
  if (response.status === 404 || response.status === 401) return undefined;
  return response.json();
}

async function ensureSession() {
  if (store.getItem('abroad.chat.token')) return;
  // Korean by default, as on KakaoTalk; the menu offers English.
  const created = await api('/chat/api/sessions', {
    method: 'POST',
    body: JSON.stringify({ language: 'ko' }),
  });
  store.setItem('abroad.chat.token', created.token);
}

function drawWebMessage(message) {
  if (seen.has(message.id)) return;
  seen.add(message.id);
  if (message.author === 'bot' || message.author === 'system') {
    const reply = message.reply ?? { texts: [message.text] };
    for (const text of reply.texts ?? []) log.append(element('div', `msg ${message.author}`, text));
    if (reply.card) drawCard(reply.card);
    showOptions(reply.options);
    return;
  }
  const bubble = element('div', `msg ${message.author}`, message.text);
  if (message.author === 'agent') bubble.dataset.label = '상담원';
  log.append(bubble);
}

async function poll() {
  const query = lastId ? `?after=${encodeURIComponent(lastId)}` : '';
  const found = await api(`/chat/api/messages${query}`);
  if (!found) {
    store.removeItem('abroad.chat.token');
    await ensureSession();
    return;
  }
  for (const message of found.messages) {
    drawWebMessage(message);
    lastId = message.id;
  }
  if (found.messages.length > 0) scrollDown();
}

async function sendWeb(text) {
  await api('/chat/api/messages', { method: 'POST', body: JSON.stringify({ text }) });
  await poll();
}

function startPolling() {
  clearInterval(pollTimer);
  pollTimer = setInterval(() => void poll().catch(() => undefined), 1500);
}

// ---- Kakao simulator ------------------------------------------------------------------

function simulatorUser() {
  let key = store.getItem('abroad.sim.user');
  if (!key) {
    key = `sim-${crypto.randomUUID()}`;
    store.setItem('abroad.sim.user', key);
  }
  return key;
}

function skillPayload(utterance) {
  const user = simulatorUser();
  return {
    intent: { id: 'sim-fallback', name: '폴백 블록' },
    userRequest: {
      timezone: 'Asia/Seoul',
      params: { surface: 'Kakaotalk.plusfriend' },
      block: { id: 'sim-fallback', name: '폴백 블록' },
      utterance,
      lang: 'ko',
      user: {
        id: user,
        type: 'botUserKey',
        properties: { plusfriendUserKey: `pf-${user}`, isFriend: true },
      },
    },
    bot: { id: 'sim-bot', name: '영사콜센터' },
    action: { id: 'sim-action', name: 'abroad', params: {}, detailParams: {}, clientExtra: {} },
    contexts: [],
  };
}

function drawSkillResponse(response) {
  if (showJson.checked) log.append(element('pre', 'json', JSON.stringify(response, null, 2)));
  if (response.useCallback) {
    log.append(element('div', 'note', '(useCallback: 카카오가 콜백 URL로 답을 받습니다)'));
    return;
  }
  const outputs = response.template?.outputs ?? [];
  if (outputs.length === 0) log.append(element('div', 'note', '(말풍선 없음 / no bubble)'));
  for (const output of outputs) {
    if (output.simpleText) log.append(element('div', 'msg bot', output.simpleText.text));
    else if (output.textCard) drawCard(output.textCard);
    else if (output.basicCard) drawCard(output.basicCard);
    else log.append(element('div', 'note', `(${Object.keys(output)[0]})`));
  }
  showOptions(response.template?.quickReplies);
}

async function sendSkill(text) {
  log.append(element('div', 'msg user', text));
  const response = await fetch(skillUrl.value, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(skillPayload(text)),
  });
  const body = await response.json();
  if (response.status !== 200)
    log.append(element('div', 'note', `HTTP ${response.status}: ${body.detail ?? ''}`));
  else drawSkillResponse(body);
  scrollDown();
}

// ---- both -----------------------------------------------------------------------------

async function send(text) {
  if (simulator.checked) return sendSkill(text);
  return sendWeb(text);
}

document.querySelector('#composer').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = input.value.trim();
  input.value = '';
  void send(text);
});

document.querySelector('#new-user').addEventListener('click', () => {
  store.removeItem('abroad.sim.user');
  log.replaceChildren();
  quick.replaceChildren();
});

simulator.addEventListener('change', async () => {
  settings.hidden = !simulator.checked;
  log.replaceChildren();
  quick.replaceChildren();
  seen.clear();
  lastId = undefined;
  if (simulator.checked) {
    clearInterval(pollTimer);
    await sendSkill('');
  } else {
    await poll();
    startPolling();
  }
});

await ensureSession();
await poll();
if (!lastId) await sendWeb('');
startPolling();
