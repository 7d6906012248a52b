import mongoose, { Schema } from 'mongoose';
import { OutboxMethods, outboxPlugin, Outboxed, withEvents } from './outbox';

interface Case extends Outboxed {
  _id: string;
  status: string;
}

const schema = new Schema<Case, mongoose.Model<Case, object, OutboxMethods>, OutboxMethods>({
  _id: String,
  status: String,
});
schema.plugin(outboxPlugin);
const Cases = mongoose.model<Case, mongoose.Model<Case, object, OutboxMethods>>(
  'OutboxUnitCase',
  schema,
);

describe('recordEvent', () => {
  it('queues events in the document itself and flags it', () => {
    const doc = new Cases({ _id: 'case-7', status: 'registered' });
    expect(doc.outboxPending).toBe(false);
    const first = doc.recordEvent({ type: 'xinfang.case.v1.CaseRegistered', data: { a: 1 } });
    const second = doc.recordEvent({
      type: 'xinfang.case.v1.CaseForwarded',
      subject: 'case-7',
      data: {},
    });
    expect(doc.outboxPending).toBe(true);
    expect(doc.outbox.map((e) => [e.id, e.type, e.subject])).toEqual([
      [first.id, 'xinfang.case.v1.CaseRegistered', 'case-7'],
      [second.id, 'xinfang.case.v1.CaseForwarded', 'case-7'],
    ]);
    expect(first.id).not.toBe(second.id);
    expect(first.time).toBeInstanceOf(Date);
  });
});

describe('withEvents', () => {
  it('adds the events and the flag to an update without losing its own operators', () => {
    const update = withEvents(
      { $set: { status: 'forwarded' }, $push: { history: 'x' } },
      {
        type: 'xinfang.case.v1.CaseForwarded',
        subject: 'case-7',
        data: { to: 'unit-1' },
        id: 'e1',
      },
    );
    expect(update).toMatchObject({
      $set: { status: 'forwarded', outboxPending: true },
      $push: {
        history: 'x',
        outbox: {
          $each: [
            {
              id: 'e1',
              type: 'xinfang.case.v1.CaseForwarded',
              subject: 'case-7',
              data: { to: 'unit-1' },
            },
          ],
        },
      },
    });
  });

  it('refuses an update that already touches the outbox', () => {
    expect(() =>
      withEvents({ $set: { outboxPending: false } }, { type: 't', subject: 's', data: {} }),
    ).toThrow(TypeError);
  });
});
