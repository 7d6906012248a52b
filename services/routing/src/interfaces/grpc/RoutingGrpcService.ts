import { routingV1 } from '@xinfang/contracts';
import { currentPrincipal } from '@xinfang/principal';
import { grpcUnary, GrpcServiceRegistration } from '@xinfang/service-kit';
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import { ManageUnit, ResolveJurisdiction } from '../../application';
import { UnitKind, UnitState } from '../../domain';
import {
  inverse,
  natureFromProto,
  REGION_LEVEL_TO_PROTO,
  regionLevelFromProto,
} from '../../infrastructure/events/vocabulary';

const UNIT_KIND_TO_PROTO: Record<UnitKind, routingV1.UnitKind> = {
  petitionOffice: routingV1.UnitKind.UNIT_KIND_PETITION_OFFICE,
  department: routingV1.UnitKind.UNIT_KIND_DEPARTMENT,
  government: routingV1.UnitKind.UNIT_KIND_GOVERNMENT,
  township: routingV1.UnitKind.UNIT_KIND_TOWNSHIP,
  other: routingV1.UnitKind.UNIT_KIND_OTHER,
};
const unitKindFromProto = inverse(UNIT_KIND_TO_PROTO);

/** A unit as the contract names it; absent values are proto3 defaults. */
export function unitToProto(u: UnitState): routingV1.Unit {
  return {
    unitId: u.id,
    name: u.name,
    kind: UNIT_KIND_TO_PROTO[u.kind],
    regionCode: u.regionCode,
    regionPath: u.regionPath,
    tenantId: u.tenantId ?? '',
    level: REGION_LEVEL_TO_PROTO[u.level],
    subjectCodes: [...u.subjectCodes],
    parentUnitId: u.parentUnitId ?? '',
    active: u.active,
  };
}

export interface RoutingGrpcDeps {
  resolveJurisdiction: ResolveJurisdiction;
  manageUnit: ManageUnit;
}

/**
 * `xinfang.routing.v1.RoutingService` for other services: jurisdiction resolution and the unit
 * directory, with the same use cases and errors as the REST API.
 */
export function routingGrpcService(deps: RoutingGrpcDeps): GrpcServiceRegistration {
  const implementation: routingV1.RoutingServiceServer = {
    resolveJurisdiction: grpcUnary(async (req: routingV1.ResolveJurisdictionRequest) => {
      const result = await deps.resolveJurisdiction.execute(currentPrincipal(), {
        regionCode: req.regionCode,
        subjectCode: req.subjectCode,
        level: regionLevelFromProto(req.level),
        nature: natureFromProto(req.nature),
      });
      return {
        unit: unitToProto(result.lead),
        coUnits: result.coUnits.map(unitToProto),
        ruleId: result.proposal.ruleId ?? '',
        matchedRegionCode: result.proposal.matchedRegionCode,
        fallback: result.proposal.basis !== 'rule',
      };
    }),
    getUnit: grpcUnary(async (req: routingV1.GetUnitRequest) => ({
      unit: unitToProto(await deps.manageUnit.get(currentPrincipal(), req.unitId)),
    })),
    listUnits: grpcUnary(async (req: routingV1.ListUnitsRequest) => {
      const page = await deps.manageUnit.list(currentPrincipal(), {
        regionCode: req.regionCode,
        includeSubtree: req.includeSubtree,
        subjectCode: req.subjectCode || null,
        kind: unitKindFromProto(req.kind),
        includeInactive: req.includeInactive,
        limit: req.pageSize > 0 ? req.pageSize : 50,
        cursor: req.pageToken || null,
      });
      return { units: page.items.map(unitToProto), nextPageToken: page.nextCursor ?? '' };
    }),
  };
  return {
    definition: routingV1.RoutingServiceService,
    implementation: implementation as unknown as UntypedServiceImplementation,
  };
}
