// The parts of GitHub's own workflow parser (@actions/workflow-parser, the parser behind the Actions
// language service) that ci/workflow-valid drives: its schema, its template reader and its
// converters. The package is ES modules and imports its schema JSON without import attributes, so
// Node cannot load it directly: esbuild bundles this file into dist/*.js with the rest of the
// program, and `esbuild.mjs` also bundles it on its own into out/ for the tests (tsc never emits it;
// the types are in actions-workflow-parser.d.ts).
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
// The package's own YAML front end, used only by the tests that compare it with ours.
export { parseWorkflow } from '@actions/workflow-parser/workflows/workflow-parser';
// The package's own load of its workflow schema, which the patch of scripts/esbuild-vendor.mjs adds
// beside the direct one, for the test that compares both (undefined when the patch did not apply).
import * as workflowSchemaModule from '@actions/workflow-parser/workflows/workflow-schema';
export const loadWorkflowSchemaAsThePackageDoes = workflowSchemaModule['loadWorkflowSchemaAsThePackageDoes'];
