/**
 * Workspace discovery: `.gitignore` (nested too), manifest ignore globs, vendored folders, the size
 * limit and binary files, each skip reported as a note; and file classification by name.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Workspace, classifyPath } from '../server/src/core/workspace';

function tree(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-ws-'));
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
  return dir;
}

describe('workspace discovery', () => {
  it('honours .gitignore files, nested ones included, and ignore globs', () => {
    const dir = tree({
      '.gitignore': 'build/\n*.log\n',
      'build/Dockerfile': 'FROM x',
      'app.log': 'x',
      'svc/.gitignore': 'generated.yaml\n',
      'svc/generated.yaml': 'a: 1',
      'svc/kept.yaml': 'a: 1',
      'legacy/Dockerfile': 'FROM x',
      'Dockerfile': 'FROM x',
    });
    const ws = Workspace.load(dir, { ignore: ['legacy/**'] });
    assert.deepEqual(ws.files, ['.gitignore', 'Dockerfile', 'svc/.gitignore', 'svc/kept.yaml']);
  });

  it('skips vendored folders and says so', () => {
    const dir = tree({ 'node_modules/x/package.json': '{}', 'vendor/lib.go': 'package x', 'main.go': 'package main' });
    const ws = Workspace.load(dir);
    assert.deepEqual(ws.files, ['main.go']);
    assert.ok(ws.notes.some((n) => n.kind === 'skipped-vendored' && /node_modules/.test(n.message) && /vendor/.test(n.message)));
  });

  it('does not read files over the size limit, and notes them', () => {
    const dir = tree({ Dockerfile: 'FROM node:20\n' + 'RUN echo x\n'.repeat(2000) });
    const ws = Workspace.load(dir, { maxFileSize: 1000 });
    assert.equal(ws.read('Dockerfile'), undefined);
    assert.ok(ws.notes.some((n) => n.kind === 'skipped-large' && n.path === 'Dockerfile'));
  });

  it('does not analyse binary files, and notes them', () => {
    const dir = tree({ Dockerfile: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2]) });
    const ws = Workspace.load(dir);
    assert.equal(ws.read('Dockerfile'), undefined);
    assert.ok(ws.notes.some((n) => n.kind === 'skipped-binary'));
  });

  it('strips a byte-order mark and replaces invalid UTF-8', () => {
    const dir = tree({ 'README.md': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('# Title\n'), Buffer.from([0xc3, 0x28])]) });
    const f = Workspace.load(dir).read('README.md')!;
    assert.ok(f.text.startsWith('# Title'));
    assert.ok(f.text.includes('\ufffd'));
  });

  it('detects symbolic link loops instead of following them forever', function () {
    const dir = tree({ 'a/Dockerfile': 'FROM x' });
    try {
      fs.symlinkSync(path.join(dir, 'a'), path.join(dir, 'a', 'loop'));
    } catch {
      this.skip();
    }
    const ws = Workspace.load(dir);
    assert.deepEqual(ws.files, ['a/Dockerfile']);
    assert.ok(ws.notes.some((n) => n.kind === 'symlink-loop'));
  });

  it('recognises Kubernetes manifests by content and Dockerfiles by any usual name', () => {
    const ws = Workspace.fromFiles({ 'deploy/app.yaml': 'apiVersion: apps/v1\nkind: Deployment\n', 'deploy/values.yaml': 'replicas: 2\n' });
    assert.deepEqual(ws.pathsOfKind('k8s'), ['deploy/app.yaml']);
    for (const p of ['Dockerfile', 'api.Dockerfile', 'Dockerfile.prod', 'docker/Dockerfile-dev', 'Containerfile']) assert.equal(classifyPath(p), 'dockerfile', p);
    assert.equal(classifyPath('Dockerfile.md'), 'markdown');
    assert.equal(classifyPath('.github/workflows/ci.yml'), 'workflow');
    assert.equal(classifyPath('docker-compose.prod.yml'), 'compose');
    assert.equal(classifyPath('compose.yaml'), 'compose');
    assert.equal(classifyPath('readiness.yaml'), 'manifest');
    assert.equal(classifyPath('sub/readiness.yaml'), 'yaml');
  });

  it('editor overlays take precedence over the disk and can add new files', () => {
    const ws = Workspace.fromFiles({ Dockerfile: 'FROM a' });
    ws.setOverlay('Dockerfile', 'FROM b');
    assert.equal(ws.read('Dockerfile')!.text, 'FROM b');
    ws.setOverlay('new.Dockerfile', 'FROM c');
    assert.ok(ws.exists('new.Dockerfile'));
    ws.setOverlay('Dockerfile', undefined);
    assert.equal(ws.read('Dockerfile')!.text, 'FROM a');
  });
});
