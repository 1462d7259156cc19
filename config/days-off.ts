import type { CompanyDaysOff } from '../functions/core/calendar/swedish-calendar';

/**
 * The company's own days off, on top of Saturdays, Sundays and the public holidays of lag (1989:253)
 * om allmänna helgdagar, which every deadline already skips. Empty by default: midsommarafton,
 * julafton and nyårsafton are not public holidays, and counting them as working days never makes
 * an answer late. A company closed on them names them here, e.g.
 * `{ eves: ['midsommarafton', 'julafton', 'nyarsafton'], dates: ['2027-01-05'] }`; a deadline that
 * ends on one of these days then moves to the next working day.
 */
export const COMPANY_DAYS_OFF: CompanyDaysOff = {};
