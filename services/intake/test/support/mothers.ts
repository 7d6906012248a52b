import { principalFromClaims, Principal, Role, systemPrincipal } from '@xinfang/principal';
import { idNumberCheckChar } from '../../src/domain';
import type { RegisterPetitionInput, SubmitOnlinePetitionInput } from '../../src/application';

/** A staff member at `region` (a code or a path) with the given roles, as from a token. */
export function staffAt(region: string, ...roles: Role[]): Principal {
  const username = `${roles[0] ?? 'user'}.${region.split('/').pop()}`;
  return principalFromClaims({
    sub: `sub-${username}`,
    preferred_username: username,
    regions: [region],
    realm_access: { roles },
  });
}

export const clerkAt = (region: string) => staffAt(region, 'clerk');
export const handlerAt = (region: string) => staffAt(region, 'handler');
export const system = () => systemPrincipal('test');

/** A valid 18-character ID number: region, birth date and sequence, with its check character. */
export function idNumber(region = '441481', birth = '19850315', seq = '123'): string {
  const first17 = `${region}${birth}${seq}`;
  return first17 + idNumberCheckChar(first17);
}

export const ZHANG = {
  name: '张三',
  idNumber: idNumber('441481', '19850315', '123'),
  phone: '13812345678',
  address: '兴宁市兴田街道某村',
};
export const LI = {
  name: '李四',
  idNumber: idNumber('441481', '19700101', '456'),
  phone: '13900001111',
};
export const WANG = {
  name: '王五',
  idNumber: idNumber('441422', '19621120', '789'),
  phone: '15011112222',
};

/** A land-acquisition claim about a township of 441481, by letter, from 张三. */
export function aStaffInput(overrides: Partial<RegisterPetitionInput> = {}): RegisterPetitionInput {
  return {
    channel: 'letter',
    nature: 'claim',
    subjectCode: 'land-acquisition',
    title: '反映征地补偿款未足额发放',
    narrative: '2025年村里土地被征收,补偿款至今只发放了一半,多次询问未果,请求依法足额发放。',
    location: { regionCode: '441481001', address: '兴宁市兴田街道某村' },
    urgency: 'normal',
    petitioners: [ZHANG],
    attachments: [{ name: '征收协议.pdf', sizeBytes: 120_000, contentType: 'application/pdf' }],
    ...overrides,
  };
}

export function anOnlineInput(
  overrides: Partial<SubmitOnlinePetitionInput> = {},
): SubmitOnlinePetitionInput {
  const { channel: _channel, ...content } = aStaffInput();
  return { ...content, ...overrides };
}

/** Five visitors' representatives for a collective visit. */
export function representatives(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    name: `代表${i + 1}`,
    idNumber: idNumber('441481', '19800101', String(100 + i)),
  }));
}
