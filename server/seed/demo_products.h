#pragma once

// The products the demo's (and the benchmarks') orders are made of: the seeded orders name these
// SKUs, and the demo catalog (catalog_seed.cpp) has each of them, at these prices.

#include <array>
#include <cstdint>
#include <string_view>

namespace opsdesk::server::seed {

struct DemoProduct {
    std::string_view sku;
    std::string_view title;
    std::int64_t priceMinor;    // CNY
    std::string_view category;  // a leaf of the demo's category tree (catalog_seed.cpp)
};

inline constexpr std::array<DemoProduct, 40> kDemoProducts{{
    {"TEA-001", "Longjing green tea 250 g", 1999, "Green tea"},
    {"TEA-002", "Tieguanyin oolong 200 g", 2599, "Oolong"},
    {"TEA-003", "Pu-erh cake 357 g", 8800, "Pu-erh"},
    {"TEA-004", "Jasmine pearls 100 g", 3200, "Scented & herbal"},
    {"TEA-005", "Dian Hong black tea 250 g", 2400, "Black tea"},
    {"TEA-006", "White peony 150 g", 4500, "White tea"},
    {"CUP-001", "Celadon tea cup", 3900, "Cups & bowls"},
    {"CUP-002", "Glass gongfu set", 12800, "Gongfu sets"},
    {"POT-001", "Yixing clay teapot", 36800, "Teapots"},
    {"POT-002", "Cast iron kettle 1 L", 25900, "Kettles"},
    {"KET-001", "Electric kettle 1.7 L", 19900, "Kettles"},
    {"ACC-001", "Bamboo tea tray", 15800, "Tea trays"},
    {"ACC-002", "Tea scoop and needle set", 2900, "Accessories"},
    {"ACC-003", "Stainless strainer", 1500, "Accessories"},
    {"SNK-001", "Osmanthus cakes (box of 12)", 4200, "Cakes & pastries"},
    {"SNK-002", "Sesame brittle 300 g", 2800, "Cakes & pastries"},
    {"SNK-003", "Dried mango 500 g", 3600, "Dried fruit"},
    {"SNK-004", "Roasted melon seeds 400 g", 1800, "Nuts & seeds"},
    {"GFT-001", "Mid-autumn gift box", 29900, "Gift boxes"},
    {"GFT-002", "Spring tea sampler", 16800, "Samplers & hampers"},
    {"HOM-001", "Linen table runner", 8900, "Textiles"},
    {"HOM-002", "Porcelain vase", 21800, "Vases & decor"},
    {"HOM-003", "Incense set sandalwood", 4900, "Incense"},
    {"HOM-004", "Silk cushion cover", 6900, "Textiles"},
    {"BK-001", "The Classic of Tea (hardcover)", 5800, "Tea culture"},
    {"BK-002", "Brewing guide booklet", 990, "Brewing guides"},
    {"TEA-007", "Matcha ceremonial grade 30 g", 6800, "Matcha"},
    {"TEA-008", "Chrysanthemum buds 80 g", 1600, "Scented & herbal"},
    {"TEA-009", "Lapsang souchong 200 g", 3300, "Black tea"},
    {"TEA-010", "Silver needle 100 g", 9800, "White tea"},
    {"CUP-003", "Double-wall glass mug", 4600, "Cups & bowls"},
    {"CUP-004", "Travel tea bottle", 8900, "Cups & bowls"},
    {"ACC-004", "Tea towel (pack of 3)", 2200, "Accessories"},
    {"ACC-005", "Digital scale 0.1 g", 7900, "Accessories"},
    {"SNK-005", "Walnut cookies 250 g", 2600, "Cakes & pastries"},
    {"SNK-006", "Red bean mooncakes (4)", 9600, "Mooncakes"},
    {"GFT-003", "New year hamper", 49900, "Gift boxes"},
    {"GFT-004", "Tea lover starter kit", 19800, "Samplers & hampers"},
    {"HOM-005", "Bamboo coasters (6)", 1900, "Vases & decor"},
    {"HOM-006", "Calligraphy scroll", 15900, "Vases & decor"},
}};

}  // namespace opsdesk::server::seed
