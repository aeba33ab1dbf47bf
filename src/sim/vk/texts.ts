// VK's notice texts the simulator shows for states no public recording captured. Each is quoted
// from another project that matches on it (sources in src/sim/vk/README.md); the scraper's
// classify() must recognise every one (test/unit/scrapers/vk/sim-markers.test.ts).
export const VK_TEXT = {
  rateLimit: 'Вы попытались загрузить более одной однотипной страницы в секунду. Вернитесь назад и повторите попытку.',
  communityBlocked: 'Сообщество заблокировано в связи с возможным нарушением правил сайта.',
  notFound: 'Страница удалена либо ещё не создана.',
  userBlocked: 'Пользователь заблокирован.',
  privateUser: 'Это закрытый профиль',
  privateCommunity: 'Это закрытое сообщество',
  geoRu: 'Данный материал заблокирован на территории Российской Федерации',
  /** Modelled on the Russian-Federation text for other countries (no source shows their wording). */
  geoOther: 'Данный материал заблокирован на территории вашей страны',
  /** Modelled: no recording shows a deleted post's own page. */
  postDeleted: 'Запись удалена.',
} as const;
