// A Vant icon for each service category of the catalogue.
const icons: Record<string, string> = {
  THEORY: 'volume-o',
  POLICY: 'description-o',
  ETHICS: 'flower-o',
  CULTURE: 'music-o',
  LAW: 'balance-o',
  SCIENCE: 'bulb-o',
  HEALTH: 'like-o',
  ELDERLY: 'friends-o',
  HOUSEKEEPING: 'home-o',
  ENVIRONMENT: 'brush-o',
  WISH: 'gift-o',
}

export function categoryIcon(code: string): string {
  return icons[code] ?? 'apps-o'
}
