# The application's images, embedded with qt_add_resources. The SVGs are the sources; the PNGs
# are rendered from them by render-icons.sh, so the build needs no SVG support.
#   opsdesk_add_image_resources(target) embeds them as :/icons/png/<name>-<size>.png.
function(opsdesk_add_image_resources target)
  set(dir "${PROJECT_SOURCE_DIR}/resources")
  file(GLOB pngs CONFIGURE_DEPENDS "${dir}/icons/png/*.png")
  qt_add_resources(${target} "opsdesk_images"
    PREFIX "/"
    BASE "${dir}"
    FILES ${pngs} "${dir}/icons/opsdesk.svg")
endfunction()
