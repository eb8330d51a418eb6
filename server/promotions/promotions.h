#pragma once

#include "api/call.h"
#include "http/message.h"

namespace opsdesk::server {
class App;
}

namespace opsdesk::server::promotions {

// Virtual categories (reading needs catalog.read, changing catalog.write).
http::Response listVirtualCategories(api::Call& call);    // GET /virtual-categories
http::Response createVirtualCategory(api::Call& call);    // POST /virtual-categories
http::Response getVirtualCategory(api::Call& call);       // GET /virtual-categories/{id}
http::Response updateVirtualCategory(api::Call& call);    // PATCH /virtual-categories/{id}
http::Response previewVirtualCategory(api::Call& call);   // POST /virtual-categories/preview
http::Response virtualCategoryProducts(api::Call& call);  // GET /virtual-categories/{id}/products

// Promotions (reading needs catalog.read, changing promotions.write).
http::Response listPromotions(api::Call& call);   // GET /promotions
http::Response createPromotion(api::Call& call);  // POST /promotions
http::Response getPromotion(api::Call& call);     // GET /promotions/{id}
http::Response updatePromotion(api::Call& call);  // PATCH /promotions/{id}
http::Response endPromotion(api::Call& call);     // POST /promotions/{id}/end

// The storefront (service key). Prices are answered on the I/O thread from the price book when
// it holds every SKU asked for, from a database thread otherwise.
void storefrontPrices(App& app, http::Request&& request,
                      http::Responder respond);  // GET /storefront/prices
http::Response flashSale(api::Call& call);       // GET /storefront/flash-sales/{id}
http::Response claimFlashSale(api::Call& call);  // POST /storefront/flash-sales/{id}/claims

}  // namespace opsdesk::server::promotions
