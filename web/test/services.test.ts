import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ServicesController } from '../src/controllers/services-controller.js';
import { parseServices, ServicesFileError } from '../src/services.js';
import { FakeNetwork, fakeHost, json } from './fakes.js';

// Run from the repository root (vitest projects) or from web/.
const PUBLIC =
  [path.resolve('web/public'), path.resolve('public')].find((dir) => existsSync(dir)) ?? 'public';
const DEFAULT_FILE = path.join(PUBLIC, 'services.json');

describe('services.json validation', () => {
  it('the shipped file lists the eleven KiteStacks services at their addresses', () => {
    const { services, problems } = parseServices(readFileSync(DEFAULT_FILE, 'utf8'));
    expect(problems).toEqual([]);
    expect(services.map((s) => s.name)).toEqual([
      'Portal',
      'Authentik',
      'Forgejo',
      'Open WebUI',
      'Karakeep',
      'Kavita',
      'Grafana',
      'Uptime Kuma',
      'BookStack',
      'osTicket',
      'Portainer',
    ]);
    expect(services.map((s) => new URL(s.href ?? '').host)).toEqual(
      [
        'www',
        'auth',
        'gitforge',
        'ai',
        'links',
        'kavita',
        'grafana',
        'status',
        'wiki',
        'tasks',
        'portainer',
      ].map((sub) => `${sub}.kitestacks.com`),
    );
    for (const service of services) {
      expect(service.href).toMatch(/^https:\/\//);
      expect(service.description.length).toBeGreaterThan(0);
      expect(service.icon).toMatch(/^icons\/[a-z-]+\.svg$/);
      expect(existsSync(path.join(PUBLIC, service.icon ?? ''))).toBe(true);
    }
  });

  it('accepts a bare list as well as {"services": [...]}, and defaults monitor to the name', () => {
    const { services } = parseServices('[{"name":"Grafana","url":"http://grafana.lan:3000"}]');
    expect(services).toEqual([
      {
        name: 'Grafana',
        description: '',
        href: 'http://grafana.lan:3000/',
        icon: null,
        monitor: 'Grafana',
      },
    ]);
    expect(
      parseServices(
        '{"services":[{"name":"Wiki","url":"https://w.example","monitor":"BookStack"}]}',
      ).services[0]?.monitor,
    ).toBe('BookStack');
  });

  it('rejects a file that is not JSON or not a list, with a message that says so', () => {
    expect(() => parseServices('{"services": [')).toThrow(ServicesFileError);
    expect(() => parseServices('{"services": [')).toThrow(/services\.json is not valid JSON/);
    expect(() => parseServices('{"cards": []}')).toThrow(/must hold \{"services": \[ … \]\}/);
    expect(() => parseServices('"hello"')).toThrow(ServicesFileError);
  });

  it('drops entries without a name and reports each one', () => {
    const { services, problems } = parseServices(
      JSON.stringify({
        services: [
          42,
          { url: 'https://x.example' },
          { name: '  ' },
          { name: 'Ok', url: 'https://ok.example' },
        ],
      }),
    );
    expect(services.map((s) => s.name)).toEqual(['Ok']);
    expect(problems).toEqual([
      'entry 1 is not an object: skipped',
      'entry 2 has no "name": skipped',
      'entry 3 has no "name": skipped',
    ]);
  });

  it('only http(s) URLs become links', () => {
    const hostile = [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,<b>x</b>',
      'ftp://x.example',
      'not a url',
      42,
    ];
    const { services, problems } = parseServices(
      JSON.stringify(hostile.map((url, i) => ({ name: `s${i}`, url }))),
    );
    expect(services.map((s) => s.href)).toEqual(hostile.map(() => null));
    expect(problems).toHaveLength(hostile.length);
    expect(problems[0]).toBe(
      '\u2068s0\u2069: "url" is not an http(s) address: shown without a link',
    );
  });

  it('isolates the name in each problem line, so right-to-left text stays inside it', () => {
    const { problems } = parseServices(
      JSON.stringify([{ name: 'evil\u202Eknil', url: 'ftp://x' }]),
    );
    expect(problems).toEqual([
      '\u2068evil\u202Eknil\u2069: "url" is not an http(s) address: shown without a link',
    ]);
  });

  it('only same-site paths become icons', () => {
    const icons = [
      'icons/a.svg',
      '/icons/b.png',
      'https://evil.example/x.svg',
      '//evil.example/x.svg',
      'javascript:alert(1)',
      'data:image/svg+xml,<svg/>',
    ];
    const { services } = parseServices(
      JSON.stringify(icons.map((icon, i) => ({ name: `s${i}`, url: 'https://x.example', icon }))),
    );
    expect(services.map((s) => s.icon)).toEqual([
      'icons/a.svg',
      '/icons/b.png',
      null,
      null,
      null,
      null,
    ]);
  });

  it('trims an icon or a link before checking it, so whitespace cannot carry one past the check', () => {
    const sneaky = [
      ' javascript:alert(1)',
      '\tjavascript:alert(1)',
      ' //evil.example/x.svg',
      '\t//evil.example/x.svg',
      '\n https://evil.example/x.svg',
      '/\t/evil.example/x.svg',
      '/\n/evil.example/x.svg',
      ' /icons/ok.svg ',
    ];
    const { services, problems } = parseServices(
      JSON.stringify(
        sneaky.map((icon, i) => ({ name: `s${i}`, url: ` https://x.example/${i} `, icon })),
      ),
    );
    expect(services.map((s) => s.icon)).toEqual([
      ...sneaky.slice(0, -1).map(() => null),
      '/icons/ok.svg',
    ]);
    expect(services.map((s) => s.href)).toEqual(sneaky.map((_, i) => `https://x.example/${i}`));
    expect(problems).toHaveLength(sneaky.length - 1);
  });

  it('keeps text bounded', () => {
    const { services } = parseServices(
      JSON.stringify([{ name: 'n'.repeat(1000), description: 'd'.repeat(1000) }]),
    );
    expect(services[0]?.name).toHaveLength(200);
    expect(services[0]?.description).toHaveLength(200);
  });
});

describe('ServicesController', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('loads the file on hostConnected', async () => {
    const network = new FakeNetwork().route('services.json', {
      services: [{ name: 'Grafana', url: 'https://g.example' }],
    });
    const host = fakeHost();
    const controller = new ServicesController(host, { fetch: network.fetch });
    expect(controller.state.phase).toBe('loading');
    controller.hostConnected();
    await vi.advanceTimersByTimeAsync(0);
    expect(controller.state.phase).toBe('ready');
    expect(host.updates).toBe(1);
  });

  it('turns a missing or broken file into a message', async () => {
    for (const [answer, message] of [
      [
        json({ error: { code: 'not_found', message: 'Not Found' } }, 404),
        'services.json could not be loaded (HTTP 404)',
      ],
      [() => new Response('{"services": [', { status: 200 }), /not valid JSON/],
      [() => 'network-error' as const, 'services.json could not be loaded (no answer)'],
    ] as const) {
      const network = new FakeNetwork().route('services.json', answer);
      const controller = new ServicesController(fakeHost(), { fetch: network.fetch });
      controller.hostConnected();
      await vi.advanceTimersByTimeAsync(0);
      expect(controller.state.phase).toBe('error');
      if (controller.state.phase === 'error') expect(controller.state.message).toMatch(message);
    }
  });

  it('aborts the request on hostDisconnected and ignores a late answer', async () => {
    const network = new FakeNetwork().route('services.json', () => 'hang' as const);
    const host = fakeHost();
    const controller = new ServicesController(host, { fetch: network.fetch });
    controller.hostConnected();
    controller.hostDisconnected();
    await vi.advanceTimersByTimeAsync(0);
    expect(network.calls[0]?.signal?.aborted).toBe(true);
    expect(controller.state.phase).toBe('loading');
    expect(host.updates).toBe(0);
  });
});
