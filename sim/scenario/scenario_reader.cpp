#include "sim/scenario/scenario_reader.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/scenario/catalog_loader.hpp"
#include "sim/scenario/file_io.hpp"
#include "sim/scenario/readers.hpp"
#include "sim/scenario/shapes.hpp"

namespace gwsim {
namespace {

const Origin& key_origin(const ConfigNode& map, std::string_view key) {
  return map.key_origins[*map.index_of(key)];
}

class FieldReader {
 public:
  FieldReader(Diagnostics& diagnostics, const std::vector<ValueSlot>* slots, const Defaults* defaults,
              int catalog_rank)
      : r_(diagnostics), slots_(slots), defaults_(defaults), catalog_rank_(catalog_rank) {}

  ReadScenario out;

  void hint_distributions() { r_.hint_distributions(true); }
  void read_table(const Table& t, const ConfigNode& map, const std::string& path, const Place& place) {
    read_map(t, map, path, place, map.origin);
  }
  void stop_recording() { recording_ = false; }

  void read_root(const ConfigNode& root) {
    if (!r_.expect_map(root, "", "a map of scenario keys at the top level")) return;
    read_map(scenario_table(), root, "", Place{}, root.origin);
    apply_copied_defaults();
  }

  void read_field(const Field& f, const ConfigNode& node, const std::string& path, const Place& place,
                  const Origin& key_at) {
    note(path, node, key_at);
    bool ok = true;
    switch (f.shape) {
      case Shape::kValue:
        ok = read_plain(f, node, path, place);
        break;
      case Shape::kProfile:
        ok = read_profile(f, node, path, place);
        break;
      case Shape::kSchedule:
        ok = read_schedule(f, node, path, place);
        break;
      case Shape::kList:
        ok = read_list(f, node, path, place);
        break;
      case Shape::kMap:
        ok = map_shape(f, node, path, &r_);
        if (ok) {
          read_map(*f.table, node, path, place, key_at);
        } else if (f.fallback.from == DefaultFrom::kEachKey) {
          each_default(*f.table, path, place);
        }
        break;
      case Shape::kItems:
        ok = read_items(f, node, path, place);
        break;
      case Shape::kCatalog:
        ok = read_catalog(f, node, path);
        break;
      case Shape::kDraws:    // read by the expressions pass
      case Shape::kExtends:  // resolved with the files
      case Shape::kSources:  // checked by the file's reader
        break;
    }
    if (!ok) fail(path);
  }

 private:
  // A plain value at node: a slot's representative, nothing for a broken expression (already reported), else the
  // node's own value.
  std::optional<Value> value_of(const ValueSpec& spec, const ConfigNode& node, const std::string& path) {
    if (node.slot >= 0 && slots_ != nullptr) {
      const DrawnValue& representative = (*slots_)[static_cast<std::size_t>(node.slot)].representative;
      Value v;
      v.number = representative.number;
      v.text = representative.name;
      return v;
    }
    if (node.slot == ConfigNode::kBrokenSlot) return std::nullopt;
    return read_value(r_, spec, node, path);
  }

  void bind(const ConfigNode& node, Binding::Target target, const Field& f, const Place& place,
            PointPart part = PointPart::kNone) {
    if (node.slot < 0 || !recording_) return;
    out.bindings.push_back(Binding{static_cast<std::uint32_t>(node.slot), target, &f, place, part});
  }

  void note(const std::string& path, const ConfigNode& node, const Origin& key_at) {
    if (recording_) out.origins.record(path, node, key_at);
  }

  void fail(const std::string& path) {
    if (recording_) out.origins.fail(path);
  }

  void read_map(const Table& t, const ConfigNode& map, const std::string& path, const Place& place,
                const Origin& key_at) {
    r_.check_keys(map, path, t.keys());
    check_rules(t, map, path, key_at);
    // The variant key first: it decides which other keys apply.
    const Field* variant_field = t.variant_key.empty() ? nullptr : t.find(t.variant_key);
    std::optional<std::string> variant;
    if (variant_field != nullptr) {
      if (const ConfigNode* v = r_.required(map, path, variant_field->key)) {
        read_field(*variant_field, *v, child_path(path, variant_field->key), place,
                   key_origin(map, variant_field->key));
        variant = variant_of(t, map);
      }
      if (variant) check_variant_keys(t, map, path, *variant);
    }
    std::vector<std::string_view> missing;
    for (const Field& f : t.fields) {
      if (&f == variant_field || (!f.variant.empty() && variant != f.variant)) continue;
      const std::string p = child_path(path, f.key);
      const ConfigNode* child = map.find(f.key);
      if (child != nullptr) {
        read_field(f, *child, p, place, key_origin(map, f.key));
      } else if (f.need == Need::kRequired) {
        missing.push_back(f.key);
      } else {
        use_default(f, path, p, place);
      }
    }
    report_missing(map, path, missing);
    if (t.finish != nullptr) t.finish(out.scenario, place, map);
  }

  // One error per missing required key; one error in all for an item an extends: overlay added under a name close
  // to a base item's, where the likely cause is the name, not the keys.
  void report_missing(const ConfigNode& map, const std::string& path, const std::vector<std::string_view>& missing) {
    if (missing.empty()) return;
    if (map.near_base_name.empty()) {
      for (std::string_view key : missing) r_.error(map.origin, path, "missing required key '" + std::string(key) + "'");
      return;
    }
    const std::string& by = map.near_base_key;
    const ConfigNode* name = map.find(by);
    std::string keys;
    for (std::string_view key : missing) keys += (keys.empty() ? "'" : ", '") + std::string(key) + "'";
    r_.error(name != nullptr ? name->origin : map.origin, child_path(path, by),
             (by == "name" ? std::string("no item named '") : "no item with " + by + " '") +
                 (name != nullptr ? name->text : std::string()) +
                 "' in the extended file, so this is a new item, and it lacks the required " +
                 (missing.size() == 1 ? "key " : "keys ") + keys + "; did you mean '" + map.near_base_name + "'?");
  }

  // Which keys go together (KeyRule).
  void check_rules(const Table& t, const ConfigNode& map, const std::string& path, const Origin& key_at) {
    for (const KeyRule& rule : t.rules) {
      std::vector<std::string_view> stated;
      for (std::string_view other : rule.others) {
        if (map.find(other)) stated.push_back(other);
      }
      switch (rule.type) {
        case KeyRule::Type::kNeeds:
          if (map.find(rule.key) && stated.size() < rule.others.size()) {
            r_.error(key_origin(map, rule.key), child_path(path, rule.key), std::string(rule.message));
          }
          break;
        case KeyRule::Type::kExcludes:
          if (map.find(rule.key) && !stated.empty()) {
            std::string message(rule.message);
            if (const std::size_t at = message.find("{}"); at != std::string::npos) {
              message.replace(at, 2, join_names(stated));
            }
            r_.error(key_origin(map, rule.key), child_path(path, rule.key), message);
          }
          break;
        case KeyRule::Type::kAnyOf:
          if (stated.empty()) r_.error(key_at, path, std::string(rule.message));
          break;
      }
    }
  }

  void check_variant_keys(const Table& t, const ConfigNode& map, const std::string& path,
                          const std::string& variant) {
    for (std::size_t k = 0; k < map.keys.size(); ++k) {
      const Field* f = t.find(map.keys[k]);
      if (f == nullptr || f->variant.empty() || f->variant == variant) continue;
      r_.error(map.key_origins[k], child_path(path, map.keys[k]),
               "key '" + map.keys[k] + "' does not apply to " + std::string(t.variant_key) + " '" + variant +
                   "' (it takes: " + join_names(t.keys_of(variant)) + ")");
    }
  }

  void use_default(const Field& f, const std::string& map_path, const std::string& path, const Place& place) {
    if (f.shape == Shape::kCatalog) {
      out.scenario.catalog = builtin_catalog();
      return;
    }
    switch (f.fallback.from) {
      case DefaultFrom::kNone:
      case DefaultFrom::kLiteral:
        return;
      case DefaultFrom::kDefaultsFile: {
        const ConfigNode* node = defaults_ ? defaults_->find(f.fallback.ref) : nullptr;
        if (node == nullptr) return;
        const bool was_recording = recording_;
        recording_ = false;  // a default is no value of the scenario's: nothing to point at, nothing to draw
        read_field(f, *node, path, place, node->origin);
        recording_ = was_recording;
        return;
      }
      case DefaultFrom::kSibling:
        copies_.push_back({&f, place, child_path(map_path, f.fallback.ref)});
        return;
      case DefaultFrom::kField:
        copies_.push_back({&f, place, std::string(f.fallback.ref)});
        return;
      case DefaultFrom::kEachKey:
        each_default(*f.table, path, place);
        return;
    }
  }

  void each_default(const Table& t, const std::string& path, const Place& place) {
    for (const Field& f : t.fields) use_default(f, path, child_path(path, f.key), place);
  }

  // Defaults that copy another field, once every field is read (the demand's serving platform is the first
  // tranche's, read after it). A draw of the field copied is a draw of the copy.
  void apply_copied_defaults() {
    for (const Copy& copy : copies_) {
      const std::optional<Value> v = copy.field->fallback.get(out.scenario, copy.place);
      if (!v) continue;
      copy.field->set(out.scenario, copy.place, *v);
      const FieldOrigin* source = out.origins.find(copy.source);
      if (source != nullptr && source->slot >= 0 && recording_) {
        out.bindings.push_back(
            Binding{static_cast<std::uint32_t>(source->slot), Binding::Target::kValue, copy.field, copy.place});
      }
    }
  }

  bool read_plain(const Field& f, const ConfigNode& node, const std::string& path, const Place& place) {
    const std::optional<Value> v = value_of(f.value(), node, path);
    if (!v) return false;
    if (f.set != nullptr) f.set(out.scenario, place, *v);
    bind(node, Binding::Target::kValue, f, place);
    return true;
  }

  bool read_profile(const Field& f, const ConfigNode& node, const std::string& path, const Place& place) {
    const ProfileShape shape = profile_shape(f, node, path, &r_);
    if (shape.form == ProfileShape::Form::kNone) return false;
    if (shape.form == ProfileShape::Form::kOne) {
      const std::optional<Value> v = value_of(f.value(), node, path);
      if (!v) return false;
      f.profile(out.scenario, place) = models::Profile::constant(v->number);
      bind(node, Binding::Target::kProfileValue, f, place.with(0));
      return true;
    }
    models::Profile profile;
    profile.kind = shape.hourly ? models::ProfileKind::kHourly : models::ProfileKind::kMonthly;
    profile.values.assign(shape.list->children.size(), 0.0);
    bool all = true;
    for (std::size_t i = 0; i < shape.list->children.size(); ++i) {
      const ConfigNode& element = shape.list->children[i];
      const std::string ip = item_path(shape.list_path, i);
      note(ip, element, element.origin);
      const std::optional<Value> v = value_of(f.value(), element, ip);
      if (!v) {
        fail(ip);
        all = false;
        continue;
      }
      profile.values[i] = v->number;
      bind(element, Binding::Target::kProfileValue, f, place.with(i));
    }
    if (all) f.profile(out.scenario, place) = std::move(profile);
    return true;
  }

  bool read_schedule(const Field& f, const ConfigNode& node, const std::string& path, const Place& place) {
    const ScheduleForm form = schedule_shape(f, node, path, &r_);
    if (form == ScheduleForm::kNone) return false;
    if (form == ScheduleForm::kOne) {
      const std::optional<Value> v = value_of(f.value(), node, path);
      if (!v) return false;
      f.schedule(out.scenario, place) = models::Schedule(v->number, {});
      bind(node, Binding::Target::kScheduleValue, f, place);
      return true;
    }
    const Table& points_table = *f.table;
    std::vector<models::SchedulePoint> points;
    for (std::size_t k = 0; k < node.children.size(); ++k) {
      const ConfigNode& item = node.children[k];
      const std::string ip = item_path(path, k);
      note(ip, item, item.origin);
      points.emplace_back();
      if (!item_shape(points_table, item, ip, &r_)) {
        fail(ip);
        continue;
      }
      r_.check_keys(item, ip, points_table.keys());
      for (const Field& row : points_table.fields) {
        const ConfigNode* child = row.need == Need::kRequired ? r_.required(item, ip, row.key) : item.find(row.key);
        if (child == nullptr) continue;  // a default point part is the point's initial value
        const std::string rp = child_path(ip, row.key);
        note(rp, *child, key_origin(item, row.key));
        const std::optional<Value> v = value_of(row.value(), *child, rp);
        if (!v) {
          fail(rp);
          continue;
        }
        models::SchedulePoint& point = points.back();
        switch (row.part) {
          case PointPart::kFrom:
            point.from = models::Date{static_cast<std::int32_t>(v->number)};
            break;
          case PointPart::kValue:
            point.value = v->number;
            break;
          case PointPart::kRamp:
            point.ramp_days = v->number;
            break;
          case PointPart::kNone:
            break;
        }
        bind(*child, Binding::Target::kSchedulePoint, f, place.with(k), row.part);
      }
    }
    f.schedule(out.scenario, place) = schedule_of(f, std::move(points));
    return true;
  }

  bool read_list(const Field& f, const ConfigNode& node, const std::string& path, const Place& place) {
    if (!list_shape(f, node, path, &r_)) return false;
    f.resize(out.scenario, place, node.children.size());
    for (std::size_t i = 0; i < node.children.size(); ++i) {
      const ConfigNode& element = node.children[i];
      const std::string ip = item_path(path, i);
      note(ip, element, element.origin);
      const std::optional<Value> v = value_of(f.value(), element, ip);
      if (!v) {
        fail(ip);
        continue;
      }
      f.set(out.scenario, place.with(i), *v);
      bind(element, Binding::Target::kValue, f, place.with(i));
    }
    return true;
  }

  bool read_items(const Field& f, const ConfigNode& node, const std::string& path, const Place& place) {
    if (!items_shape(f, node, path, &r_)) return false;
    for (std::size_t k = 0; k < node.children.size(); ++k) {
      // Every item gets its place, a broken one too, so that places and dotted paths keep the same indices.
      f.add(out.scenario, place);
      const ConfigNode& item = node.children[k];
      const std::string ip = item_path(path, k);
      note(ip, item, item.origin);
      if (!item_shape(*f.table, item, ip, &r_)) {
        fail(ip);
        continue;
      }
      read_map(*f.table, item, ip, place.with(k), item.origin);
    }
    return true;
  }

  bool read_catalog(const Field& f, const ConfigNode& node, const std::string& path) {
    const std::optional<Value> v = value_of(f.value(), node, path);
    if (!v) return false;
    const std::string resolved = resolve_relative(node.origin, v->text);
    FileText file = read_file(resolved);
    if (!file.text) {
      r_.error(node.origin, path, "cannot read file '" + resolved + "': " + file.error);
      return false;
    }
    std::optional<CatalogLoad> load = parse_catalog(*file.text, resolved, r_.diagnostics(), catalog_rank_);
    if (!load) return false;
    out.scenario.catalog = std::move(load->catalog);
    return true;
  }

  struct Copy {
    const Field* field;
    Place place;
    std::string source;  // the dotted path of the field copied
  };

  Reader r_;
  const std::vector<ValueSlot>* slots_;
  const Defaults* defaults_;
  int catalog_rank_;
  bool recording_ = true;
  std::vector<Copy> copies_;
};

// One item in every sequence of maps, so that any field has a place to be read into.
void add_one_of_each(const Table& t, Scenario& s, const Place& place) {
  for (const Field& f : t.fields) {
    if (f.shape == Shape::kMap) add_one_of_each(*f.table, s, place);
    if (f.shape == Shape::kItems) {
      f.add(s, place);
      add_one_of_each(*f.table, s, place.with(0));
    }
  }
}

}  // namespace

ReadScenario read_scenario(const ConfigNode& root, const std::vector<ValueSlot>& slots, const Defaults& defaults,
                           Diagnostics& diagnostics, int catalog_rank) {
  FieldReader reader(diagnostics, &slots, &defaults, catalog_rank);
  reader.hint_distributions();
  reader.read_root(root);
  return std::move(reader.out);
}

void read_fields(const Table& table, const ConfigNode& map, const std::string& path, const Place& place,
                 Scenario& into, Diagnostics& diagnostics) {
  FieldReader reader(diagnostics, nullptr, nullptr, 0);
  reader.stop_recording();
  reader.out.scenario = std::move(into);
  reader.read_table(table, map, path, place);
  into = std::move(reader.out.scenario);
}

void check_default_value(const Field& f, const ConfigNode& node, const std::string& path, Diagnostics& diagnostics) {
  FieldReader reader(diagnostics, nullptr, nullptr, 0);
  reader.stop_recording();
  add_one_of_each(scenario_table(), reader.out.scenario, Place{});
  reader.read_field(f, node, path, Place{}.with(0), node.origin);
}

}  // namespace gwsim
