/**
 * Parses a policy.json document (containers-policy.json(5); signature/policy_config.go):
 *
 *   { "default": [requirement, …], "transports": { "<transport>": { "<scope>": [requirement, …] } } }
 *
 * as strictly as containers/image: unknown or duplicate members anywhere are errors, every
 * requirement list is non-empty, `default` is mandatory. Transport names Signet does not
 * evaluate (atomic, dir, oci, …) are accepted, as containers/image accepts names of
 * transports it was built without. Every problem is reported at once.
 */
import { describeError } from '../../core/errors.js';
import { policyJsonError } from './errors.js';
import { describeJson, memberPath, objectWith, Problems } from './json-fields.js';
import { parseRequirement } from './parse-requirement.js';
import {
  JsonSyntaxError,
  isJsonObject,
  parsePolicyJsonText,
  type JsonValue,
} from './strict-json.js';
import type { PolicyJson, RequirementList } from './types.js';

/** A policy.json is a few kilobytes; keyData may inline keyrings. Bigger is a wrong file. */
export const MAX_POLICY_JSON_BYTES = 4 * 1024 * 1024;

/** Throws POLICY_JSON_INVALID listing every problem, each with its path; `source` names the file. */
export function parsePolicyJson(text: string, source: string): PolicyJson {
  const invalid = (problems: readonly string[]) =>
    policyJsonError(
      'POLICY_JSON_INVALID',
      `${source} is not a valid policy.json: ${problems.join('; ')}; fix the file (containers-policy.json(5))`,
      { details: { file: source, problems } },
    );
  if (text.length > MAX_POLICY_JSON_BYTES) {
    throw invalid([`it is larger than ${MAX_POLICY_JSON_BYTES} bytes`]);
  }
  let root: JsonValue;
  try {
    root = parsePolicyJsonText(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw invalid([`not JSON: ${error.message}`]);
    throw invalid([describeError(error)]);
  }
  const problems = new Problems();
  const top = objectWith(root, '(top level)', ['default', 'transports'], problems);
  let policyDefault: RequirementList | undefined;
  const transports = new Map<string, Map<string, RequirementList>>();
  if (top !== undefined) {
    if (!top.has('default'))
      problems.add('default', 'is required: the requirements for images no scope matches');
    else policyDefault = requirementList(top.get('default'), 'default', problems);
    const transportValue = top.get('transports');
    if (transportValue !== undefined && transportValue !== null) {
      if (!isJsonObject(transportValue)) {
        problems.add('transports', `must be an object, not ${describeJson(transportValue)}`);
      } else {
        for (const [transport, scopesValue] of transportValue) {
          const transportPath = memberPath('transports', transport);
          const scopes = new Map<string, RequirementList>();
          if (!isJsonObject(scopesValue)) {
            problems.add(
              transportPath,
              `must be an object of scopes, not ${describeJson(scopesValue)}`,
            );
            continue;
          }
          for (const [scope, list] of scopesValue) {
            const parsed = requirementList(list, memberPath(transportPath, scope), problems);
            if (parsed !== undefined) scopes.set(scope, parsed);
          }
          transports.set(transport, scopes);
        }
      }
    }
  }
  if (problems.list.length > 0 || policyDefault === undefined) throw invalid(problems.list);
  return { default: policyDefault, transports };
}

function requirementList(
  value: JsonValue | undefined,
  path: string,
  problems: Problems,
): RequirementList | undefined {
  if (!Array.isArray(value))
    return problems.add(path, `must be an array of requirements, not ${describeJson(value)}`);
  if (value.length === 0) return problems.add(path, 'must not be an empty list of requirements');
  const parsed = value.map((item, index) => parseRequirement(item, `${path}[${index}]`, problems));
  return parsed.every((r) => r !== undefined) ? parsed : undefined;
}
