/**
 * Types of actions-workflow-parser.js, the parts of @actions/workflow-parser that ci/workflow-valid
 * drives (the package's own declarations, re-exported). tsc reads this file and never emits the
 * JavaScript beside it, which esbuild bundles (scripts/esbuild-vendor.mjs).
 */
export { readTemplate } from '@actions/workflow-parser/templates/template-reader';
export { TemplateContext, TemplateValidationErrors } from '@actions/workflow-parser/templates/template-context';
export { NoOperationTraceWriter } from '@actions/workflow-parser/templates/trace-writer';
export { getWorkflowSchema } from '@actions/workflow-parser/workflows/workflow-schema';
export { WORKFLOW_ROOT } from '@actions/workflow-parser/workflows/workflow-constants';
export { BooleanToken, ExpressionToken, MappingToken, NullToken, NumberToken, SequenceToken, StringToken } from '@actions/workflow-parser/templates/tokens/index';
export { TemplateTokenError } from '@actions/workflow-parser/templates/tokens/template-token';
export { convertOn } from '@actions/workflow-parser/model/converter/events';
export { convertJobs } from '@actions/workflow-parser/model/converter/jobs';
export { convertConcurrency } from '@actions/workflow-parser/model/converter/concurrency';
export { parseWorkflow } from '@actions/workflow-parser/workflows/workflow-parser';
export type { ObjectReader } from '@actions/workflow-parser/templates/object-reader';
export type { TemplateValidationError } from '@actions/workflow-parser/templates/template-validation-error';
export type { TokenRange } from '@actions/workflow-parser/templates/tokens/token-range';
export type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
/** The package's own load of its workflow schema (see actions-workflow-parser.js), undefined when the load is not patched. */
export declare const loadWorkflowSchemaAsThePackageDoes: (() => import('@actions/workflow-parser/templates/schema/index').TemplateSchema) | undefined;
