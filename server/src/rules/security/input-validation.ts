/**
 * security/input-validation: a service whose routes accept data (POST, PUT, PATCH) validates it
 * against a schema at the API boundary: zod, Joi/celebrate, yup, class-validator with NestJS's
 * ValidationPipe, ajv, express-validator, fastify route schemas, pydantic models (FastAPI validates
 * request bodies against them), DRF serializers and Django forms, marshmallow and WTForms,
 * go-playground/validator tags, Jakarta Bean Validation (`@Valid`), Rails strong parameters,
 * ASP.NET data annotations and FluentValidation.
 *
 * Rust's typed extractors count (`web::Json<T>`, `web::Form<T>` in actix, `Json<T>` in axum and
 * Rocket): serde rejects a body whose fields are missing or of the wrong type before the handler
 * runs, with a 400. So do model-level schemas that reject a bad record before it is stored
 * (a Mongoose schema or model with `required`, `enum`, `min`/`max`, `match` or `validate`; Sequelize
 * `validate` rules), since the save fails with a validation error instead of storing it.
 * Go's `json.Decode` into a struct is typing, not validation: a missing field becomes its zero
 * value, and nothing bounds lengths, ranges or formats, so it does not count. Hand-written checks that answer 400 or 422 earn half the credit. Only the product's server code is searched (not a front end, whose
 * checks a caller bypasses). A service without routes that accept data is not applicable.
 */
import type { WorkspaceRule } from '../../core/types';
import { SERVER_CODE_KINDS } from '../../core/types';
import { findPractices, practiceEvidence, type Practice } from '../lib/code-evidence';
import { SERVER_CODE, apiRoutes, describeRoutes } from '../lib/api-routes';
import { outcome } from '../lib/util';

const VALIDATORS: Practice[] = [
  { name: 'zod schema', pattern: /(?:from\s+|require\(\s*)['"]zod['"][\s\S]{0,4000}?\.(?:safe)?[Pp]arse(?:Async)?\(|\bzValidator\(|@hono\/zod-validator|zod-express-middleware|\bcreateZodDto\b/ },
  { name: 'Joi/celebrate/yup schema', pattern: /\bJoi\.object\(|\bcelebrate\(|\byup\.object\(|(?:from\s+|require\(\s*)['"](?:joi|@hapi\/joi|yup|superstruct|valibot|@sinclair\/typebox|runtypes|io-ts)['"]/ },
  { name: 'class-validator', pattern: /from\s+['"]class-validator['"]|\bValidationPipe\b/ },
  { name: 'ajv / JSON schema', pattern: /(?:from\s+|require\(\s*)['"]ajv(?:\/[\w-]+)?['"]|\bnew\s+Ajv\(|\bajv\.compile\(|\bschema\s*:\s*\{\s*(?:body|querystring|params)\s*:|\bjsonschema\.validate\(|\bDraft\d+Validator\b|ory\/jsonschema|xeipuuv\/gojsonschema|santhosh-tekuri\/jsonschema/ },
  { name: 'express-validator', pattern: /['"]express-validator['"]|\bvalidationResult\(/ },
  { name: 'pydantic model', pattern: /^[ \t]*from\s+pydantic\s+import\b[^\n]*\bBaseModel\b|^[ \t]*class\s+\w+\(\s*(?:[\w.]+\.)?BaseModel\s*\)|\bfrom\s+sqlmodel\s+import\b/m },
  { name: 'Django form or DRF serializer', pattern: /\bclass\s+\w+\(\s*(?:forms\.)?(?:Model)?Form\s*\)|\bclass\s+\w+\(\s*(?:serializers\.)?(?:Model|Hyperlinked)?Serializer\s*\)|\.is_valid\(/ },
  { name: 'marshmallow, WTForms or webargs', pattern: /\bfrom\s+(?:marshmallow|wtforms|flask_wtf|webargs|cerberus|voluptuous|schema)\s+import\b|\bimport\s+(?:marshmallow|cerberus|voluptuous)\b/ },
  { name: 'Go struct validation', pattern: /"github\.com\/go-playground\/validator(?:\/v\d+)?"|\bvalidate:"[^"]*(?:required|min|max|email|oneof|len)|\bbinding:"[^"]*(?:required|min|max|email|oneof)|"github\.com\/go-ozzo\/ozzo-validation|\bvalidation\.ValidateStruct\(/ },
  { name: 'Bean Validation', pattern: /@Valid\b|@Validated\b|jakarta\.validation\.constraints|javax\.validation\.constraints/ },
  { name: 'Rails strong parameters', pattern: /\.require\(\s*:\w+\s*\)\.permit\(|\bvalidates\s+:\w+/ },
  { name: 'ASP.NET validation', pattern: /\[Required\]|\bModelState\.IsValid\b|\bAbstractValidator<|FluentValidation/ },
  { name: 'typed extractor (serde)', pattern: /\bweb::(?:Json|Form)<\s*[A-Z]\w*|\b(?:axum::)?(?:extract::)?(?:Json|Form)\(\s*\w+\s*\)\s*:\s*(?:axum::)?(?:extract::)?(?:Json|Form)<\s*[A-Z]\w*|\bdata\s*:\s*(?:rocket::serde::json::)?Json<\s*[A-Z]\w*/ },
  { name: 'model schema (Mongoose or Sequelize validation)', pattern: /(?:\bnew\s+(?:mongoose\.)?Schema|\bmongoose\.model)\(\s*(?:['"]\w+['"]\s*,\s*)?\{[\s\S]{0,1500}?\b(?:required|enum|min[lL]ength|max[lL]ength|match|validate)\s*:|\bvalidate\s*:\s*\{\s*(?:\n\s*)?(?:len|isEmail|isIn|isInt|isUrl|notEmpty|min|max|is|not|isAlphanumeric|isNumeric|isDate)\s*:/ },
  { name: 'Rust validator', pattern: /#\[validate\(|\buse\s+validator::|\bgarde::/ },
];
/** Hand-written checks that reject bad input: partial credit, since nothing bounds what they forget. */
const BY_HAND: Practice[] = [
  { name: 'request rejected by hand (400/422)', pattern: /\b\w*(?:Exception|Error|abort|status|Status|sendStatus|code)\(\s*(?:400|422)\b|\bhttp\.Status(?:BadRequest|UnprocessableEntity)\b|\bHTTP_(?:400_BAD_REQUEST|422_UNPROCESSABLE_(?:ENTITY|CONTENT))\b|\bHttpResponseBadRequest\b|::(?:BAD_REQUEST|UNPROCESSABLE_ENTITY)\b|\bHttpStatus\.(?:BAD_REQUEST|UNPROCESSABLE_ENTITY)\b|\bErrorBadRequest\(|\bBadRequest(?:Exception|Error)?\(/ },
];

const HINT = /Json<|Form<|mongoose|Schema|validate|zod|joi|celebrate|yup|superstruct|valibot|typebox|runtypes|io-ts|class-validator|ValidationPipe|ajv|schema|express-validator|validationResult|pydantic|sqlmodel|Form|Serializer|is_valid|marshmallow|wtforms|webargs|cerberus|voluptuous|validat|binding:|@Valid|permit\(|\[Required\]|ModelState|garde/;

export const rule: WorkspaceRule = {
  id: 'security/input-validation',
  category: 'security',
  severity: 'medium',
  level: 'mvp',
  title: 'Request bodies are validated against a schema',
  rationale: 'Unvalidated input reaches queries, templates and business logic; a schema at the boundary rejects wrong types, sizes and formats before they can inject, crash or corrupt.',
  roadmap: [{ topic: 'input validation', match: /input validation|validat(e|es|ing|ion) (of )?(all )?(user )?(input|requests?|payloads?|bod(y|ies)|parameters)|request validation|(?:input|data|request|validation) (?:and )?sanitiz|sanitiz(?:e|ation) (?:of )?(?:user )?(?:input|requests?|data)|schema validation|sql injection|\bxss\b|injection attempts|output encoding/, rank: 760 }],
  related: [{ tool: 'owasp-asvs', id: 'v4.0.3-5.1.4' }],
  projectKinds: SERVER_CODE_KINDS,
  scope: 'workspace',
  applies(facts) {
    return facts.servesHttp ? true : 'the project does not serve HTTP';
  },
  check({ ws }) {
    const routes = apiRoutes(ws).filter((r) => r.method === 'POST' || r.method === 'PUT' || r.method === 'PATCH');
    if (routes.length === 0) return outcome.na('nothing to examine: the code registers no route that accepts a request body (POST, PUT, PATCH)');
    const hits = findPractices(ws, VALIDATORS, 2, (h) => h.length >= 4, HINT, SERVER_CODE);
    const evidence = [{ message: describeRoutes(routes).replace('that change state or administer the service', 'that accept a request body'), file: routes[0].file, line: routes[0].line }, ...practiceEvidence(hits)];
    if (hits.length > 0) return outcome.pass(evidence);
    const byHand = findPractices(ws, BY_HAND, 2, (h) => h.length >= 2, /400|422|BadRequest|BAD_REQUEST|Unprocessable|UNPROCESSABLE/, SERVER_CODE);
    if (byHand.length > 0) {
      return outcome.partial(0.5, [{
        message: `${describeRoutes(routes).replace('that change state or administer the service', 'accept a request body')}; input is checked by hand (bad requests are answered with 400/422, e.g. ${byHand[0].file}:${byHand[0].line}) but not against a schema, so nothing bounds what the checks forget; declare a schema for each body (zod, Joi, pydantic, DRF serializers, go-playground/validator, @Valid, a typed serde extractor)`,
        file: null,
      }], [...evidence, ...practiceEvidence(byHand)]);
    }
    return outcome.fail([{
      message: `${describeRoutes(routes).replace('that change state or administer the service', 'accept a request body')}, and no schema validation was found in the server code; validate each body at the boundary (zod or Joi in Node, pydantic in FastAPI, DRF serializers or forms in Django, go-playground/validator in Go, @Valid in Spring)`,
      file: null,
    }], evidence);
  },
};
