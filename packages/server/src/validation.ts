import { Ajv, type Options } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';

/**
 * Two validators: bodies are checked strictly (no type coercion, no defaults filled in, unknown
 * fields refused rather than silently dropped); query strings and path parameters arrive as
 * text, so they are coerced to the schema's types ("2" -> 2) and nothing else is relaxed.
 */
const common: Options = { allErrors: false, removeAdditional: false, strict: false, allowUnionTypes: true };
const bodyAjv = new Ajv({ ...common, coerceTypes: false, useDefaults: false });
const textAjv = new Ajv({ ...common, coerceTypes: 'array', useDefaults: true });

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? bodyAjv : textAjv;
  return ajv.compile(schema as object) as ReturnType<FastifySchemaCompiler<unknown>>;
};
