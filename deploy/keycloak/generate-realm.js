#!/usr/bin/env node
// Writes realm-xinfang.json, the Keycloak realm imported at start (deploy/local/infra.sh, charts).
// The realm is generated so that the region tree, roles and demo users stay consistent.
// Usage: node deploy/keycloak/generate-realm.js [--check]
//   --check  exits 1 when the committed JSON differs from what this script generates.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { isDeepStrictEqual } = require('node:util');

const REALM = 'xinfang';
const OUTPUT = path.join(__dirname, 'realm-xinfang.json');
/** Dev and test only; never used outside the local realm. */
const DEMO_PASSWORD = 'Xinfang-Demo-2026';
const API_CLIENT = 'xinfang-api';
const SERVICES = ['intake', 'routing', 'supervision', 'hearing', 'statistics', 'notification'];
const DOWNSTREAM = {
  clientId: 'downstream-12345',
  region: '441481',
  name: '兴宁市12345政务服务便民热线',
};

/** The demo administrative tree (GB/T 2260 codes); a county is a tenant. */
const REGIONS = {
  code: '440000',
  name: '广东省',
  children: [
    {
      code: '441400',
      name: '梅州市',
      children: [
        {
          code: '441481',
          name: '兴宁市',
          children: [
            { code: '441481001', name: '兴田街道' },
            { code: '441481002', name: '福兴街道' },
          ],
        },
        { code: '441422', name: '大埔县', children: [{ code: '441422100', name: '湖寮镇' }] },
      ],
    },
    {
      code: '441300',
      name: '惠州市',
      children: [
        { code: '441322', name: '博罗县', children: [{ code: '441322100', name: '罗阳街道' }] },
      ],
    },
  ],
};

const ROLES = [
  ['clerk', '登记员 — registers petitions and visits'],
  ['handler', '承办人 — handles cases assigned to a unit'],
  ['unit-head', '单位负责人 — approves replies of a handling unit'],
  ['case-leader', '包案领导 — leader responsible for a difficult case'],
  ['supervisor', '督查督办 — supervises deadlines and escalations'],
  ['hearing-officer', '听证员 — runs review and hearing procedures'],
  ['analyst', '统计分析员 — reads statistics and reports'],
  ['tenant-admin', '租户管理员 — manages users and units of one county'],
  ['operator', '运维人员 — operates the platform'],
  ['subscriber', '下游订阅方 — downstream system receiving case events'],
  ['service', '内部服务 — service-to-service calls'],
];

const STAFF_ROLES = [
  'clerk',
  'handler',
  'unit-head',
  'case-leader',
  'supervisor',
  'hearing-officer',
  'analyst',
  'tenant-admin',
];
const DEMO_USERS = [
  ['441481', STAFF_ROLES],
  ['441422', STAFF_ROLES],
  ['441481001', ['clerk']],
  ['441422100', ['clerk']],
  ['441322100', ['clerk']],
  ['441322', ['clerk', 'handler', 'tenant-admin']],
  ['441400', ['supervisor', 'analyst', 'clerk', 'handler']],
  ['441300', ['supervisor', 'analyst', 'clerk', 'handler']],
  ['440000', ['operator', 'supervisor', 'analyst', 'clerk', 'hearing-officer']],
];

const SURNAMES = [
  '陈',
  '李',
  '张',
  '黄',
  '刘',
  '林',
  '何',
  '罗',
  '钟',
  '曾',
  '叶',
  '邱',
  '廖',
  '温',
  '赖',
  '古',
  '谢',
  '朱',
  '丘',
  '彭',
];
const GIVEN_NAMES = [
  '志强',
  '秀英',
  '建华',
  '丽萍',
  '伟东',
  '晓燕',
  '国平',
  '美玲',
  '俊杰',
  '海燕',
  '文辉',
  '桂兰',
  '振宇',
  '雪梅',
  '永安',
  '淑珍',
];

function levelOf(code) {
  if (code.length === 9) return 'township';
  if (code.endsWith('0000')) return 'province';
  return code.endsWith('00') ? 'city' : 'county';
}

/** Region code → group path, e.g. 441481 → /440000/441400/441481. */
function groupPaths(node, parent = '') {
  const own = `${parent}/${node.code}`;
  return (node.children ?? []).reduce((acc, child) => ({ ...acc, ...groupPaths(child, own) }), {
    [node.code]: own,
  });
}

function group(node) {
  return {
    name: node.code,
    attributes: { regionCode: [node.code], level: [levelOf(node.code)], name: [node.name] },
    subGroups: (node.children ?? []).map(group),
  };
}

function mapper(name, protocolMapper, config) {
  return { name, protocol: 'openid-connect', protocolMapper, consentRequired: false, config };
}

const TOKEN_CLAIMS = {
  'id.token.claim': 'true',
  'access.token.claim': 'true',
  'userinfo.token.claim': 'true',
  'introspection.token.claim': 'true',
};

function attributeMapper(name, userAttribute, claim) {
  return mapper(name, 'oidc-usermodel-attribute-mapper', {
    ...TOKEN_CLAIMS,
    'user.attribute': userAttribute,
    'claim.name': claim,
    'jsonType.label': 'String',
  });
}

function scope(name, description, includeInTokenScope, protocolMappers) {
  return {
    name,
    description,
    protocol: 'openid-connect',
    attributes: {
      'include.in.token.scope': String(includeInTokenScope),
      'display.on.consent.screen': 'false',
    },
    protocolMappers,
  };
}

// Importing any client scope replaces Keycloak's built-in ones, so the standard scopes the
// services rely on (sub, preferred_username, realm_access) are declared here too.
function clientScopes() {
  return [
    scope('basic', 'OpenID Connect scope for the sub and auth_time claims', false, [
      mapper('sub', 'oidc-sub-mapper', {
        'access.token.claim': 'true',
        'introspection.token.claim': 'true',
      }),
      mapper('auth_time', 'oidc-usersessionmodel-note-mapper', {
        'user.session.note': 'AUTH_TIME',
        'claim.name': 'auth_time',
        'jsonType.label': 'long',
        'id.token.claim': 'true',
        'access.token.claim': 'true',
        'introspection.token.claim': 'true',
      }),
    ]),
    scope('profile', 'OpenID Connect built-in scope: profile', true, [
      attributeMapper('username', 'username', 'preferred_username'),
      attributeMapper('given name', 'firstName', 'given_name'),
      attributeMapper('family name', 'lastName', 'family_name'),
    ]),
    scope('email', 'OpenID Connect built-in scope: email', true, [
      attributeMapper('email', 'email', 'email'),
      mapper('email verified', 'oidc-usermodel-property-mapper', {
        ...TOKEN_CLAIMS,
        'user.attribute': 'emailVerified',
        'claim.name': 'email_verified',
        'jsonType.label': 'boolean',
      }),
    ]),
    scope('roles', 'OpenID Connect scope for user roles in the access token', false, [
      mapper('realm roles', 'oidc-usermodel-realm-role-mapper', {
        'access.token.claim': 'true',
        'introspection.token.claim': 'true',
        'claim.name': 'realm_access.roles',
        'jsonType.label': 'String',
        multivalued: 'true',
      }),
      mapper('client roles', 'oidc-usermodel-client-role-mapper', {
        'access.token.claim': 'true',
        'introspection.token.claim': 'true',
        'claim.name': 'resource_access.${client_id}.roles',
        'jsonType.label': 'String',
        multivalued: 'true',
      }),
      mapper('audience resolve', 'oidc-audience-resolve-mapper', {
        'access.token.claim': 'true',
        'introspection.token.claim': 'true',
      }),
    ]),
    scope(
      'web-origins',
      'OpenID Connect scope for allowed web origins in the access token',
      false,
      [
        mapper('allowed web origins', 'oidc-allowed-origins-mapper', {
          'access.token.claim': 'true',
          'introspection.token.claim': 'true',
        }),
      ],
    ),
    scope('acr', 'OpenID Connect scope for the acr claim', false, [
      mapper('acr loa level', 'oidc-acr-mapper', {
        'id.token.claim': 'true',
        'access.token.claim': 'true',
        'introspection.token.claim': 'true',
      }),
    ]),
    scope(REALM, '信访 — region groups and the API audience', false, [
      mapper('regions', 'oidc-group-membership-mapper', {
        ...TOKEN_CLAIMS,
        'full.path': 'true',
        'claim.name': 'regions',
      }),
      mapper('xinfang-api audience', 'oidc-audience-mapper', {
        'included.client.audience': API_CLIENT,
        'id.token.claim': 'false',
        'access.token.claim': 'true',
        'introspection.token.claim': 'true',
      }),
    ]),
  ];
}

const DEFAULT_SCOPES = ['basic', 'profile', 'email', 'roles', 'web-origins', 'acr', REALM];

function client(clientId, name, settings) {
  return {
    clientId,
    name,
    enabled: true,
    protocol: 'openid-connect',
    publicClient: false,
    bearerOnly: false,
    standardFlowEnabled: false,
    implicitFlowEnabled: false,
    directAccessGrantsEnabled: false,
    serviceAccountsEnabled: false,
    frontchannelLogout: false,
    fullScopeAllowed: true,
    defaultClientScopes: DEFAULT_SCOPES,
    optionalClientScopes: [],
    ...settings,
  };
}

function confidential(clientId, name, settings = {}) {
  return client(clientId, name, {
    clientAuthenticatorType: 'client-secret',
    secret: `${clientId}-secret`,
    ...settings,
  });
}

function clients() {
  const testClient = { publicClient: true, directAccessGrantsEnabled: true };
  return [
    confidential(API_CLIENT, '信访 API (resource server)'),
    client('xinfang-console', '信访工作台', {
      publicClient: true,
      standardFlowEnabled: true,
      // Loopback redirect URIs without a port match any port (RFC 8252 §7.3); "host:*" never matches.
      redirectUris: ['http://127.0.0.1/*', 'http://localhost/*'],
      webOrigins: ['+'],
      attributes: { 'pkce.code.challenge.method': 'S256', 'post.logout.redirect.uris': '+' },
    }),
    client('xinfang-test', 'Tests (password grant)', testClient),
    client('xinfang-test-short', 'Tests (2-second access tokens)', {
      ...testClient,
      attributes: { 'access.token.lifespan': '2' },
    }),
    ...SERVICES.map((s) =>
      confidential(`xinfang-${s}`, `信访 ${s} service`, { serviceAccountsEnabled: true }),
    ),
    confidential(DOWNSTREAM.clientId, DOWNSTREAM.name, { serviceAccountsEnabled: true }),
  ];
}

function serviceAccount(clientId, groupPath, role) {
  return {
    username: `service-account-${clientId}`,
    enabled: true,
    serviceAccountClientId: clientId,
    realmRoles: [role],
    groups: [groupPath],
  };
}

function users(paths) {
  const demo = [];
  for (const [code, roles] of DEMO_USERS) {
    for (const role of roles) {
      const n = demo.length;
      const username = `${role}.${code}`;
      demo.push({
        username,
        enabled: true,
        emailVerified: true,
        firstName: GIVEN_NAMES[n % GIVEN_NAMES.length],
        lastName: SURNAMES[n % SURNAMES.length],
        email: `${username}@xinfang.example`,
        credentials: [{ type: 'password', value: DEMO_PASSWORD, temporary: false }],
        realmRoles: [role],
        groups: [paths[code]],
      });
    }
  }
  return [
    ...demo,
    ...SERVICES.map((s) => serviceAccount(`xinfang-${s}`, paths['440000'], 'service')),
    serviceAccount(DOWNSTREAM.clientId, paths[DOWNSTREAM.region], 'subscriber'),
  ];
}

function realm() {
  const paths = groupPaths(REGIONS);
  return {
    realm: REALM,
    displayName: '信访业务平台',
    displayNameHtml: '信访业务平台 <small>xinfang</small>',
    enabled: true,
    sslRequired: 'external',
    registrationAllowed: false,
    loginWithEmailAllowed: false,
    duplicateEmailsAllowed: false,
    resetPasswordAllowed: false,
    editUsernameAllowed: false,
    bruteForceProtected: true,
    permanentLockout: false,
    failureFactor: 10,
    accessTokenLifespan: 300,
    ssoSessionIdleTimeout: 1800,
    ssoSessionMaxLifespan: 36000,
    passwordPolicy: 'length(12)',
    internationalizationEnabled: true,
    supportedLocales: ['zh-CN', 'en'],
    defaultLocale: 'zh-CN',
    roles: { realm: ROLES.map(([name, description]) => ({ name, description, composite: false })) },
    groups: [group(REGIONS)],
    clientScopes: clientScopes(),
    defaultDefaultClientScopes: DEFAULT_SCOPES,
    defaultOptionalClientScopes: [],
    clients: clients(),
    users: users(paths),
  };
}

/** JSON text of the realm, laid out by the repo's prettier when it is installed (format:check). */
async function render() {
  const json = `${JSON.stringify(realm(), null, 2)}\n`;
  let prettier;
  try {
    prettier = require('prettier');
  } catch {
    return json;
  }
  const options = (await prettier.resolveConfig(OUTPUT)) ?? {};
  return prettier.format(json, { ...options, filepath: OUTPUT });
}

async function main(argv) {
  if (argv.includes('--check')) {
    const current = fs.existsSync(OUTPUT) ? JSON.parse(fs.readFileSync(OUTPUT, 'utf8')) : null;
    // Compared as data so that the file's layout does not count as a change.
    if (!isDeepStrictEqual(current, realm())) {
      console.error(
        `${path.relative(process.cwd(), OUTPUT)} is stale: run node deploy/keycloak/generate-realm.js`,
      );
      return 1;
    }
    return 0;
  }
  fs.writeFileSync(OUTPUT, await render());
  console.log(`wrote ${OUTPUT}`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}

module.exports = { realm, DEMO_PASSWORD };
