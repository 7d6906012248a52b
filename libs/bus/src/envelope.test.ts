import { ValidationError } from '@xinfang/kernel';
import { CaseEvent, fromKafkaMessage, toKafkaMessage } from './envelope';

const event: CaseEvent<{ caseNo: string }> = {
  id: '01J0000000000000000000000A',
  type: 'xinfang.case.v1.CaseRegistered',
  source: 'xinfang/intake',
  time: '2026-03-01T02:03:04.005Z',
  subject: 'case-1',
  tenantId: '441481',
  regionPath: '/440000/441400/441481',
  data: { caseNo: '粤梅兴2026-0001' },
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
};

describe('CloudEvents binary mode', () => {
  it('puts the attributes in headers, the case id in the key and the data in the value', () => {
    expect(toKafkaMessage(event)).toEqual({
      key: 'case-1',
      value: '{"caseNo":"粤梅兴2026-0001"}',
      headers: {
        ce_specversion: '1.0',
        ce_id: event.id,
        ce_type: 'xinfang.case.v1.CaseRegistered',
        ce_source: 'xinfang/intake',
        ce_time: '2026-03-01T02:03:04.005Z',
        ce_subject: 'case-1',
        tenantid: '441481',
        regionpath: '/440000/441400/441481',
        'content-type': 'application/json',
        traceparent: event.traceparent,
      },
    });
  });

  it('reads back what it wrote, from the Buffers kafkajs delivers', () => {
    const m = toKafkaMessage(event);
    const headers = Object.fromEntries(
      Object.entries(m.headers).map(([k, v]) => [k, Buffer.from(v)]),
    );
    expect(
      fromKafkaMessage({ key: Buffer.from(m.key), value: Buffer.from(m.value), headers }),
    ).toEqual(event);
  });

  it('leaves out the tenant and trace headers when there are none', () => {
    const { traceparent: _t, ...rest } = event;
    const m = toKafkaMessage({ ...rest, tenantId: null, regionPath: '/440000/441400' });
    expect(m.headers.tenantid).toBeUndefined();
    expect(m.headers.traceparent).toBeUndefined();
    expect(fromKafkaMessage(m)).toMatchObject({ tenantId: null, regionPath: '/440000/441400' });
    expect(fromKafkaMessage(m)).not.toHaveProperty('traceparent');
  });

  it('names every missing attribute', () => {
    const m = toKafkaMessage(event);
    const { ce_id: _id, ce_type: _type, ...headers } = m.headers;
    try {
      fromKafkaMessage({ ...m, headers });
      throw new Error('expected a ValidationError');
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).issues.map((i) => i.field)).toEqual(['ce_id', 'ce_type']);
    }
  });

  it('refuses a wrong spec version, a bad time and a value that is not JSON', () => {
    const m = toKafkaMessage(event);
    expect(() =>
      fromKafkaMessage({ ...m, headers: { ...m.headers, ce_specversion: '0.3' } }),
    ).toThrow(ValidationError);
    expect(() =>
      fromKafkaMessage({ ...m, headers: { ...m.headers, ce_time: 'yesterday' } }),
    ).toThrow(ValidationError);
    expect(() => fromKafkaMessage({ ...m, value: '{oops' })).toThrow(/value: is not JSON/);
    expect(() => fromKafkaMessage({ ...m, value: null })).toThrow(ValidationError);
  });
});
