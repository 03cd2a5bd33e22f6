import { z } from 'zod';
import { ConfigError, listField, loadConfig, portField } from './index';

const schema = z.object({ PORT: portField(3000), BROKERS: listField('127.0.0.1:9092'), NAME: z.string().min(1) });

describe(loadConfig.name, () => {
  it('applies defaults and coerces values', () => {
    expect(loadConfig(schema, { NAME: 'ingest', BROKERS: 'a:1, b:2' })).toEqual({
      PORT: 3000,
      BROKERS: ['a:1', 'b:2'],
      NAME: 'ingest',
    });
  });

  it('reports every bad key with its value', () => {
    const attempt = () => loadConfig(schema, { PORT: 'eighty' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PORT="eighty"/);
    expect(attempt).toThrow(/NAME=\(unset\)/);
  });
});
