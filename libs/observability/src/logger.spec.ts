import { trace } from '@opentelemetry/api';
import { createLogger } from './logger';
import { MASKED_ID_NUMBER, MASKED_MOBILE, REDACTED } from './redaction';
import { startTelemetry, type Telemetry } from './telemetry';

function collectingLogger() {
  const lines: string[] = [];
  const logger = createLogger('registry', {
    level: 'debug',
    destination: { write: (line: string) => void lines.push(line) },
  });
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, records };
}

describe('createLogger', () => {
  it('redacts personal fields by path at every level and in arrays, keeping the rest', () => {
    const { logger, records } = collectingLogger();
    logger.info(
      {
        name: '张小明',
        idNumber: '110101201503070012',
        child: {
          childId: 'c-1',
          name: '张小明',
          id_number: '110101201503070012',
          countyCode: '371702',
          hukouAddress: '山东省菏泽市某村',
        },
        event: { payload: { guardians: [{ name: '张大明', phone: '13812345678' }] } },
        children: [{ childId: 'c-2', name: '李小红', address: '某街道某号' }],
        req: { method: 'GET', headers: { authorization: 'Bearer token', cookie: 'sid=1', accept: 'json' } },
      },
      'registered',
    );
    const [record] = records();
    expect(record).toMatchObject({
      service: 'registry',
      level: 'info',
      msg: 'registered',
      name: REDACTED,
      idNumber: REDACTED,
      child: {
        childId: 'c-1',
        name: REDACTED,
        id_number: REDACTED,
        countyCode: '371702',
        hukouAddress: REDACTED,
      },
      event: { payload: { guardians: REDACTED } },
      children: [{ childId: 'c-2', name: REDACTED, address: REDACTED }],
      req: { method: 'GET', headers: { authorization: REDACTED, cookie: REDACTED, accept: 'json' } },
    });
  });

  it('masks ID numbers and mobiles wherever they hide: the message, unknown fields, error messages and stacks', () => {
    const { logger, lines, records } = collectingLogger();
    logger.warn('lookup by 110101201503070012 from 13812345678');
    logger.error(
      {
        err: new Error('E11000 duplicate key { idNumber: "371702201001011234" }'),
        note: { remark: '联系15912345678' },
      },
      'write failed',
    );
    const [first, second] = records();
    expect(first?.msg).toBe(`lookup by ${MASKED_ID_NUMBER} from ${MASKED_MOBILE}`);
    expect((second?.err as { message: string }).message).toContain(MASKED_ID_NUMBER);
    expect((second?.err as { stack: string }).stack).toContain(MASKED_ID_NUMBER);
    expect(second?.note).toEqual({ remark: `联系${MASKED_MOBILE}` });
    for (const line of lines)
      expect(line).not.toMatch(/110101201503070012|371702201001011234|13812345678|15912345678/);
  });

  describe('with telemetry', () => {
    let telemetry: Telemetry;
    beforeAll(() => {
      telemetry = startTelemetry({ serviceName: 'logger-spec', exporter: 'memory' });
    });
    afterAll(async () => {
      await telemetry.shutdown();
    });

    it("stamps every line with the active span's trace_id and span_id, and none outside a span", () => {
      const { logger, records } = collectingLogger();
      let ids: { traceId: string; spanId: string } | undefined;
      trace.getTracer('spec').startActiveSpan('register child', (span) => {
        ids = span.spanContext();
        logger.info('inside');
        logger.child({ component: 'repo' }).debug('nested child logger');
        span.end();
      });
      logger.info('outside');
      const [inside, nested, outside] = records();
      expect(inside).toMatchObject({ trace_id: ids?.traceId, span_id: ids?.spanId, trace_flags: '01' });
      expect(nested).toMatchObject({ trace_id: ids?.traceId, component: 'repo' });
      expect(outside).not.toHaveProperty('trace_id');
      expect(telemetry.getFinishedSpans().map((span) => span.name)).toContain('register child');
    });
  });
});
