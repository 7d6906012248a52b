import { CaseEvent } from '@xinfang/bus';
import { caseEvents, CaseEventType, decodeCaseEvent } from '@xinfang/contracts';
import { NotFoundError, regionPath, tenantOf, ValidationError } from '@xinfang/kernel';
import { currentPrincipal } from '@xinfang/principal';
import { Logger } from '@xinfang/store';
import { ProposeDisposition, StartRouting } from '../../application';
import { Unit, UnitRepository } from '../../domain';
import { MongoCaseDossiers } from '../MongoCaseDossiers';
import { legalChannelFromProto, natureFromProto, regionLevelFromProto } from '../events/vocabulary';

export interface CaseRegisteredHandlerDeps {
  startRouting: StartRouting;
  proposeDisposition: ProposeDisposition;
  dossiers: MongoCaseDossiers;
  units: Pick<UnitRepository, 'get' | 'list'>;
  logger: Logger;
}

/**
 * Opens routing for each registered case (CaseRegistered on `xinfang.case.v1`): keeps its dossier,
 * starts the dispose clock and proposes where the case should go, for the clerk to confirm or
 * change. Every step is idempotent, so a redelivered event changes nothing.
 */
export class CaseRegisteredHandler {
  constructor(private readonly deps: CaseRegisteredHandlerDeps) {}

  async handle(event: CaseEvent): Promise<void> {
    if (event.type !== CaseEventType.CaseRegistered) return;
    let decoded: ReturnType<typeof decodeCaseEvent>;
    try {
      decoded = decodeCaseEvent(event.type, event.data);
    } catch (err) {
      throw new ValidationError(
        'data',
        `is not a CaseRegistered payload: ${(err as Error).message}`,
      );
    }
    if (decoded?.name !== 'CaseRegistered') return;
    const p = decoded.payload;
    const caseRef = p.caseRef;
    if (!caseRef?.caseId) throw new ValidationError('caseRef.caseId', 'is required');
    const nature = natureFromProto(p.nature);
    if (!nature) throw new ValidationError('nature', 'is not set');
    const place = p.locationRegionCode || caseRef.regionCode;
    const office = await this.officeOf(p.registeringOffice);
    const registeredAt = p.occurredAt ? new Date(p.occurredAt) : new Date(event.time);
    await this.deps.dossiers.record({
      caseId: caseRef.caseId,
      caseNumber: caseRef.caseNumber,
      regionCode: place,
      nature,
      subjectCode: p.subjectCode,
      title: p.title,
      anonymous: p.anonymous,
      channel: caseEvents.channelToJSON(p.channel),
      headcount: p.headcount,
      collective: p.collective,
      registeredAt,
    });
    const principal = currentPrincipal();
    const { state, started } = await this.deps.startRouting.execute(principal, {
      caseId: caseRef.caseId,
      caseNumber: caseRef.caseNumber,
      tenantId: tenantOf(place) ?? caseRef.tenantId,
      regionCode: place,
      subjectCode: p.subjectCode,
      nature,
      legalChannel: p.legalChannel,
      legalChannelKind: legalChannelFromProto(p.legalChannelKind),
      crossJurisdiction: p.crossJurisdiction,
      competentLevel: regionLevelFromProto(p.competentLevel),
      accusedUnitIds: [],
      receivedAt: p.receivedAt ? new Date(p.receivedAt) : registeredAt,
      registeredAt,
      office: office.ref(),
    });
    if (!started && state.proposal !== null) return;
    try {
      await this.deps.proposeDisposition.execute(principal, { caseId: state.caseId });
    } catch (err) {
      // Without a rule or local government the clerk names the unit; routing still started.
      if (!(err instanceof NotFoundError)) throw err;
      this.deps.logger.warn(
        { caseId: state.caseId, reason: err.message },
        'no competent unit found to propose',
      );
    }
  }

  /**
   * The petition office that registered the case: the unit the event names when the directory
   * has it, else the directory's petition office of the registering region.
   */
  private async officeOf(named: { unitId: string; regionCode: string } | undefined): Promise<Unit> {
    if (!named?.regionCode) throw new ValidationError('registeringOffice', 'is required');
    const byId = named.unitId ? await this.deps.units.get(named.unitId) : null;
    if (byId?.active) return byId;
    const { items } = await this.deps.units.list({
      regionPathWithin: regionPath(named.regionCode),
      exactRegion: true,
      subjectCode: null,
      kind: 'petitionOffice',
      includeInactive: false,
      limit: 1,
      cursor: null,
    });
    const office = items[0];
    if (!office) throw new NotFoundError('petition office', `of region ${named.regionCode}`);
    return office;
  }
}

/** Errors a retry cannot fix go to the dead-letter topic at once. */
export function isRetryable(err: unknown): boolean {
  return !(err instanceof ValidationError);
}
