import { TOPICS } from '@govmetrics/contracts';
import { AclOperationTypes } from 'kafkajs';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { aclBindings } from './kafka-acl-bindings';
import { aclMarkdown } from './kafka-acl-markdown';
import { kafkaAclTable, platformPrincipal } from './kafka-acl-table';

const DOC = resolve(__dirname, '../../../../docs/security.md');

describe(kafkaAclTable.name, () => {
  it('is what docs/security.md prints between its kafka-acls markers', () => {
    const printed = /<!-- kafka-acls:start -->\n([\s\S]*?)\n<!-- kafka-acls:end -->/.exec(readFileSync(DOC, 'utf8'))?.[1];
    expect(printed).toBe(aclMarkdown(kafkaAclTable(['<id>'])));
  });

  it('lets a platform write usage.raw.v1 and its completeness declarations, and nothing else', () => {
    const [platform] = kafkaAclTable(['gdx']).filter((entry) => entry.principal === platformPrincipal('gdx'));
    expect(platform?.grants.map((grant) => [grant.resource, grant.name, grant.operations])).toEqual([
      ['topic', TOPICS.usageRaw, ['WRITE']],
      ['topic', TOPICS.completeness, ['WRITE']],
    ]);
  });

  it('gives the gateway no write of any kind', () => {
    const writes = aclBindings(kafkaAclTable([])).filter(
      (binding) => binding.principal === 'User:gateway' && ![AclOperationTypes.READ, AclOperationTypes.DESCRIBE].includes(binding.operation),
    );
    expect(writes).toEqual([]);
  });

  it('gives only the ingest WRITE on usage.events.v1 and only the scoring service WRITE on kpi.attainment.v1', () => {
    const writers = (topic: string) =>
      kafkaAclTable(['gdx'])
        .filter((entry) => entry.grants.some((grant) => grant.resource === 'topic' && grant.name === topic && grant.operations.includes('WRITE')))
        .map((entry) => entry.principal);
    expect([writers(TOPICS.usageEvents), writers(TOPICS.kpiAttainment)]).toEqual([['ingest'], ['scoring']]);
  });
});
