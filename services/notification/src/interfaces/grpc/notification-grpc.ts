import { notificationV1 } from '@xinfang/contracts';
import { currentPrincipal, ROLES } from '@xinfang/principal';
import { grpcUnary, type GrpcServiceRegistration } from '@xinfang/service-kit';
import type { SendNotice } from '../../application/SendNotice/SendNotice';
import type { NoticeMedium } from '../../domain/ports';
import type { DeliveryStateName } from '../../infrastructure/mongo/models';

const { DeliveryState, NoticeChannel } = notificationV1;

const MEDIUM: Partial<Record<notificationV1.NoticeChannel, NoticeMedium>> = {
  [NoticeChannel.NOTICE_CHANNEL_SMS]: 'sms',
  [NoticeChannel.NOTICE_CHANNEL_EMAIL]: 'email',
  [NoticeChannel.NOTICE_CHANNEL_LETTER]: 'letter',
};

const STATE: Record<DeliveryStateName, notificationV1.DeliveryState> = {
  queued: DeliveryState.DELIVERY_STATE_QUEUED,
  retrying: DeliveryState.DELIVERY_STATE_RETRYING,
  sent: DeliveryState.DELIVERY_STATE_SENT,
  delivered: DeliveryState.DELIVERY_STATE_DELIVERED,
  dead: DeliveryState.DELIVERY_STATE_DEAD_LETTERED,
};

const CALLERS = [ROLES.service, ROLES.clerk, ROLES.handler];

/** `NotificationService` of xinfang.notification.v1 for other services (port 9106). */
export function notificationGrpcService(deps: { sendNotice: SendNotice }): GrpcServiceRegistration {
  const implementation: notificationV1.NotificationServiceServer = {
    sendNotice: grpcUnary(async (request: notificationV1.SendNoticeRequest) => {
      const result = await deps.sendNotice.execute(currentPrincipal(), {
        templateCode: request.templateCode,
        caseId: request.caseRef?.caseId ?? '',
        caseNumber: request.caseRef?.caseNumber ?? '',
        regionPath: request.caseRef?.regionPath ?? '',
        // PORTAL and IN_APP are not sent by this service; the use case refuses them
        medium: MEDIUM[request.channel] ?? ('unsupported' as NoticeMedium),
        recipientId: request.recipient?.id ?? '',
        recipientName: request.recipient?.name ?? '',
        address: request.recipient?.address ?? '',
        variables: request.variables,
        idempotencyKey: request.idempotencyKey,
      });
      return notificationV1.SendNoticeResponse.fromPartial({
        messageId: result.messageId,
        state: STATE[result.state],
        duplicate: result.duplicate,
      });
    }),
    getDeliveryStatus: grpcUnary(async (request: notificationV1.GetDeliveryStatusRequest) => {
      const d = await deps.sendNotice.status(currentPrincipal(), request.messageId);
      const pending = d.state === 'queued' || d.state === 'retrying';
      return notificationV1.GetDeliveryStatusResponse.fromPartial({
        messageId: d._id,
        state: STATE[d.state],
        attempts: d.attempts,
        lastAttemptAt: d.lastAttemptAt?.toISOString(),
        deliveredAt: d.deliveredAt?.toISOString(),
        lastError: d.lastError,
        nextAttemptAt: pending ? d.nextAttemptAt.toISOString() : undefined,
      });
    }),
  };
  return {
    definition: notificationV1.NotificationServiceService,
    implementation,
    roles: { sendNotice: CALLERS, getDeliveryStatus: CALLERS },
  };
}
