/**
 * The ceiling for the skill endpoint benchmark: bare Fastify on 127.0.0.1 that parses the JSON
 * body and returns one fixed SkillResponse. Run: node bin/run-ts.js bench/skill-support/ceiling-server.ts PORT
 */
import Fastify from 'fastify';

const port = Number(process.argv[2] ?? 0);
const fixed = {
  version: '2.0',
  template: {
    outputs: [
      {
        simpleText: {
          text: '무엇을 도와드릴까요? 아래 메뉴에서 고르시거나 궁금한 점을 적어 주세요.',
        },
      },
    ],
    quickReplies: [{ label: '상담원 연결', action: 'message', messageText: '상담원 연결' }],
  },
};

const app = Fastify({ logger: false });
app.post('/kakao/skill', async (request) => {
  const body = request.body as { userRequest?: { utterance?: string } } | undefined;
  return body?.userRequest ? fixed : fixed;
});
app.get('/healthz', async () => ({ status: 'ok' }));
await app.listen({ port, host: '127.0.0.1' });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
