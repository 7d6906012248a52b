import {
  Server,
  ServerCredentials,
  credentials,
  status,
  type ServiceError,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import {
  caseEvents,
  hearingV1,
  intakeV1,
  notificationV1,
  routingV1,
  statisticsV1,
  supervisionV1,
} from './index';

// Every service's definition, with the methods the proto declares.
const services: Array<[string, Record<string, { path: string }>, string[]]> = [
  [
    'xinfang.intake.v1.IntakeService',
    intakeV1.IntakeServiceService,
    ['GetCase', 'FindPriorCases', 'CheckTerminated', 'GetPetitionerContacts'],
  ],
  [
    'xinfang.routing.v1.RoutingService',
    routingV1.RoutingServiceService,
    ['ResolveJurisdiction', 'GetUnit', 'ListUnits'],
  ],
  [
    'xinfang.supervision.v1.SupervisionService',
    supervisionV1.SupervisionServiceService,
    ['GetCaseClocks', 'GetCaseLeader'],
  ],
  [
    'xinfang.hearing.v1.HearingService',
    hearingV1.HearingServiceService,
    ['IsTerminated', 'GetReviewState'],
  ],
  [
    'xinfang.statistics.v1.StatisticsService',
    statisticsV1.StatisticsServiceService,
    ['GetCaseSummary', 'GetKpis'],
  ],
  [
    'xinfang.notification.v1.NotificationService',
    notificationV1.NotificationServiceService,
    ['SendNotice', 'GetDeliveryStatus'],
  ],
];

describe('gRPC service definitions', () => {
  it.each(services)('%s has the declared methods and paths', (service, definition, methods) => {
    expect(Object.values(definition).map((m) => m.path)).toEqual(
      methods.map((method) => `/${service}/${method}`),
    );
  });
});

describe('generated grpc-js server and client over loopback', () => {
  const server = new Server();
  let client: InstanceType<typeof intakeV1.IntakeServiceClient>;

  const impl: intakeV1.IntakeServiceServer = {
    getCase(call, callback) {
      if (call.request.caseId !== 'c1') {
        callback({ code: status.NOT_FOUND, details: `case ${call.request.caseId} not found` });
        return;
      }
      callback(
        null,
        intakeV1.GetCaseResponse.fromPartial({
          caseRef: { caseId: 'c1', tenantId: '441481', regionCode: '441481' },
          status: intakeV1.CaseStatus.CASE_STATUS_ACCEPTED,
          channel: caseEvents.Channel.CHANNEL_ONLINE,
          registeredAt: '2026-03-02T01:30:00.123Z',
          petitioners: [
            { petitionerKey: 'k1', phone: '138****5678', revealed: call.request.revealContact },
          ],
        }),
      );
    },
    findPriorCases(call, callback) {
      callback(null, { cases: [], total: call.request.limit });
    },
    checkTerminated(_call, callback) {
      callback(null, { terminated: false, caseRef: undefined, terminatedAt: undefined });
    },
    getPetitionerContacts(call, callback) {
      callback(null, {
        contacts: [{ name: '张三', phone: '13812345678', postalAddress: call.request.caseId }],
      });
    },
  };

  beforeAll(async () => {
    server.addService(
      intakeV1.IntakeServiceService,
      impl as unknown as UntypedServiceImplementation,
    );
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, bound) =>
        err ? reject(err) : resolve(bound),
      ),
    );
    client = new intakeV1.IntakeServiceClient(`127.0.0.1:${port}`, credentials.createInsecure());
  });

  afterAll(() => {
    client?.close();
    server.forceShutdown();
  });

  it('carries enums, nested messages and ISO timestamps across the wire', async () => {
    const response = await new Promise<intakeV1.GetCaseResponse>((resolve, reject) =>
      client.getCase({ caseId: 'c1', revealContact: true }, (err, res) =>
        err ? reject(err) : resolve(res),
      ),
    );
    expect(response.caseRef?.tenantId).toBe('441481');
    expect(response.status).toBe(intakeV1.CaseStatus.CASE_STATUS_ACCEPTED);
    expect(response.channel).toBe(caseEvents.Channel.CHANNEL_ONLINE);
    expect(response.registeredAt).toBe('2026-03-02T01:30:00.123Z');
    expect(response.petitioners).toEqual([
      {
        petitionerKey: 'k1',
        name: '',
        idNumber: '',
        phone: '138****5678',
        revealed: true,
        representative: false,
      },
    ]);
  });

  it('passes status codes through', async () => {
    const err = await new Promise<ServiceError>((resolve, reject) =>
      client.getCase({ caseId: 'missing', revealContact: false }, (e) =>
        e ? resolve(e) : reject(new Error('expected an error')),
      ),
    );
    expect(err.code).toBe(status.NOT_FOUND);
    expect(err.details).toBe('case missing not found');
  });
});
