import { describe, expect, it } from 'vitest';
import { formatAddress, type Place, placeFromAddress } from './address.js';

describe('formatAddress', () => {
  it('writes a workspace home, a page and a page with its item', () => {
    expect(formatAddress({ role: 'data-scientist', page: 'home' })).toBe('#/data-scientist');
    expect(formatAddress({ role: 'data-engineer', page: 'tables' })).toBe('#/data-engineer/tables');
    expect(formatAddress({ role: 'data-engineer', page: 'tables', item: 'flights' })).toBe(
      '#/data-engineer/tables/flights',
    );
  });

  it('encodes every character of an item that could be read as part of the address', () => {
    expect(formatAddress({ role: 'data-engineer', page: 'tables', item: 'a/b c#d?e%f' })).toBe(
      '#/data-engineer/tables/a%2Fb%20c%23d%3Fe%25f',
    );
  });

  it('leaves no item on a home page', () => {
    expect(formatAddress({ role: 'ml-engineer', page: 'home', item: 'flights' })).toBe('#/ml-engineer');
  });
});

describe('placeFromAddress', () => {
  it('reads back every place it wrote, whatever characters the item holds', () => {
    const places: Place[] = [
      { role: 'data-engineer', page: 'home' },
      { role: 'data-scientist', page: 'explore' },
      { role: 'data-engineer', page: 'tables', item: 'flights' },
      { role: 'data-scientist', page: 'training-sets', item: 'delay model/v2 #1 ?x=%20 é 航班 "q" <t>' },
      { role: 'ml-engineer', page: 'drift', item: '..' },
    ];
    for (const place of places) {
      expect(placeFromAddress(formatAddress(place), 'ml-engineer')).toEqual(place);
    }
  });

  it('falls back to the home of the given workspace when the address names none or an unknown one', () => {
    for (const address of ['', '#', '#/', '#/nobody', '#/nobody/tables/flights', '#data-engineers', '#/%E0%A4%A']) {
      expect(placeFromAddress(address, 'data-scientist'), address).toEqual({ role: 'data-scientist', page: 'home' });
    }
  });

  it('falls back to the workspace home for a page the workspace does not have, dropping its item', () => {
    expect(placeFromAddress('#/data-engineer/nowhere/flights', 'ml-engineer')).toEqual({
      role: 'data-engineer',
      page: 'home',
    });
    expect(placeFromAddress('#/data-scientist/tables/flights', 'ml-engineer')).toEqual({
      role: 'data-scientist',
      page: 'home',
    });
    expect(placeFromAddress('#/data-engineer/home/flights', 'ml-engineer')).toEqual({
      role: 'data-engineer',
      page: 'home',
    });
  });

  it('drops an item that is empty or not validly encoded, keeping the page', () => {
    for (const address of [
      '#/data-engineer/tables/',
      '#/data-engineer/tables/%E0%A4%A',
      '#/data-engineer/tables/100%',
    ]) {
      expect(placeFromAddress(address, 'ml-engineer'), address).toEqual({ role: 'data-engineer', page: 'tables' });
    }
  });

  it('reads an item typed with a bare slash as one item, which its address then encodes', () => {
    const place = placeFromAddress('#/data-engineer/tables/raw/flights', 'ml-engineer');
    expect(place).toEqual({ role: 'data-engineer', page: 'tables', item: 'raw/flights' });
    expect(formatAddress(place)).toBe('#/data-engineer/tables/raw%2Fflights');
  });

  it('accepts an address without its leading slash or hash', () => {
    expect(placeFromAddress('data-engineer/tables/flights', 'ml-engineer')).toEqual({
      role: 'data-engineer',
      page: 'tables',
      item: 'flights',
    });
  });
});
