import { supervisionV1 } from '@xinfang/contracts';
import { ValidationError } from '@xinfang/kernel';
import { currentPrincipal } from '@xinfang/principal';
import { grpcUnary, type GrpcServiceRegistration } from '@xinfang/service-kit';
import { clockToContract, GetCaseClocks, GetCaseLeader } from '../../application';

export interface SupervisionGrpcDeps {
  readonly getCaseClocks: GetCaseClocks;
  readonly getCaseLeader: GetCaseLeader;
}

function caseIdOf(request: { caseId: string }): string {
  if (request.caseId.trim() === '') throw new ValidationError('case_id', 'is required');
  return request.caseId;
}

/** `xinfang.supervision.v1.SupervisionService`: clocks and leaders for other services. */
export function supervisionGrpcService(deps: SupervisionGrpcDeps): GrpcServiceRegistration {
  const implementation: supervisionV1.SupervisionServiceServer = {
    getCaseClocks: grpcUnary(async (request: supervisionV1.GetCaseClocksRequest) => {
      const clocks = await deps.getCaseClocks.execute(currentPrincipal(), {
        caseId: caseIdOf(request),
      });
      return supervisionV1.GetCaseClocksResponse.fromPartial({
        clocks: clocks.map(clockToContract),
      });
    }),
    getCaseLeader: grpcUnary(async (request: supervisionV1.GetCaseLeaderRequest) => {
      const leader = await deps.getCaseLeader.execute(currentPrincipal(), {
        caseId: caseIdOf(request),
      });
      if (!leader) return supervisionV1.GetCaseLeaderResponse.fromPartial({ assigned: false });
      return supervisionV1.GetCaseLeaderResponse.fromPartial({
        assigned: true,
        leader: {
          subject: leader.subject,
          name: leader.name,
          title: leader.title,
          unit: leader.unit ?? undefined,
          assignedAt: leader.assignedAt.toISOString(),
        },
      });
    }),
  };
  return {
    definition: supervisionV1.SupervisionServiceService,
    implementation,
  };
}
