/**
 * docs/license: the repository states its license in a LICENSE file with recognisable text (an
 * open-source license or a proprietary notice). A license declared only in package metadata earns
 * partial credit, and so does an empty LICENSE. There is no fix: choosing a license is a decision.
 */
import type { Evidence, WorkspaceRule } from '../../core/types';
import { asRecord } from '../../core/source';
import { outcome } from '../lib/util';
import { firstHit } from '../lib/evidence';

const FILES = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'LICENCE', 'LICENCE.md', 'LICENCE.txt', 'COPYING', 'COPYING.md', 'UNLICENSE', 'LICENSE-MIT', 'LICENSE-APACHE'];
const TEXT = /Permission is hereby granted|Apache License|GNU (?:AFFERO |LESSER )?GENERAL PUBLIC LICENSE|Mozilla Public License|Redistribution and use in source and binary forms|Permission to use, copy, modify|This is free and unencumbered software|Eclipse Public License|Business Source License|Creative Commons (?:Legal Code|Zero|Attribution)|CC0 1\.0 Universal|\b(?:dual-)?licensed under the (?:terms of the )?(?:MIT|Apache|BSD|Unlicense|GPL|LGPL|MPL|ISC)\b|Elastic License|Server Side Public License|All rights reserved|proprietary|confidential|Copyright\s+(?:\(c\)|©)?\s*\d{4}/i;
const METADATA = /^\s*license(?:[-_]files)?\s*=\s*(?:["'{]|\[)|^\s*"license"\s*:|<license>|<licenses>|^\s*spec\.license\s*=|PackageLicenseExpression/im;

export const rule: WorkspaceRule = {
  id: 'docs/license',
  category: 'documentation',
  severity: 'low',
  level: 'mvp',
  title: 'The repository states its license',
  rationale: 'Without a license statement nobody may legally reuse the code, and auditors and customers cannot tell whether third-party terms apply; proprietary code says so in a LICENSE file too.',
  roadmap: [{ topic: 'the licence', match: /\blicen[cs]e\b/, rank: 500 }],
  related: [{ tool: 'scorecard', id: 'License' }],
  scope: 'workspace',
  check({ ws }) {
    const path = ws.findFile(FILES);
    const file = path ? ws.read(path) : undefined;
    if (file) {
      const hit = firstHit(file, TEXT);
      if (hit) return outcome.pass([{ message: `license text: ${hit.text.slice(0, 60)}`, file: file.path, line: hit.line }]);
      return outcome.partial(0.3, [{ message: `${file.path} does not contain a recognisable license: paste the full license text (or a proprietary notice with the copyright holder)`, file: file.path, range: file.lineRange(0) }]);
    }
    const evidence: Evidence[] = [];
    for (const p of ['package.json', 'pyproject.toml', 'Cargo.toml', 'setup.cfg', 'pom.xml']) {
      const f = ws.exists(p) ? ws.read(p) : undefined;
      if (!f) continue;
      if (p === 'package.json') {
        // An invalid package.json is reported elsewhere (quality/config-parses).
        const lic = asRecord(f.json.ok ? f.json.value : undefined)?.license;
        if (typeof lic === 'string' && lic) evidence.push({ message: `${p} declares "${lic}"`, file: p });
        continue;
      }
      const hit = firstHit(f, METADATA);
      if (hit) evidence.push({ message: `${p} declares a license: ${hit.text}`, file: p, line: hit.line });
    }
    if (evidence.length) {
      return outcome.partial(0.5, [{ message: 'the license is declared only in package metadata: add a LICENSE file with the full text so that it ships with every copy of the code', file: null }], evidence);
    }
    return outcome.fail([{ message: 'no LICENSE file: add one with an open-source license or a proprietary notice naming the copyright holder', file: null }]);
  },
};
