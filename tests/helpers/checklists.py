"""Shared by the tests: checklist texts and small checklists."""

from __future__ import annotations

from app.core.checklist import Checklist, load_checklist_text

ALL_TYPES_YAML = """
id: all_types
version: 1
work_item: underground_group_rental
title: {zh: 全部题型, en: Every item type}
legal_basis:
  - {zh: 市政府令第152号, en: Municipal order 152}
rectification_days: 10
computed:
  - id: area_per_person
    label: {zh: 人均面积, en: Area per person}
    unit: {zh: 平方米/人, en: m² per person}
    section: people
    expr: {div: [area, occupants]}
    violations:
      - when: {lt: 5}
        severity: major
        finding: {zh: 人均居住面积低于5平方米, en: Less than 5 m² per person}
        legal_basis: {zh: 2013年通知, en: 2013 notice}
  - id: spare_area
    label: {zh: 余量, en: Spare}
    expr: {sub: [{mul: [area, 2]}, {add: [occupants, 1.5, rooms]}]}
sections:
  - id: site
    title: {zh: 场所, en: Site}
    items:
      - id: kind
        type: choice
        required: true
        label: {zh: 类型, en: Kind}
        options:
          - {value: basement, label: {zh: 地下室, en: Basement}}
          - {value: flat, label: {zh: 住宅, en: Flat}}
      - id: lived_in
        type: yes_no_na
        required: true
        label: {zh: 有人居住, en: Lived in}
      - id: strict
        type: yes_no_na
        allow_na: false
        label: {zh: 不许不适用, en: No N/A here}
      - id: credit
        type: credit_code
        label: {zh: 信用代码, en: Credit code}
      - id: visited
        type: date
        required: true
        label: {zh: 日期, en: Date}
        min: 2017-01-01
        max: 2030-12-31
  - id: people
    title: {zh: 人员, en: People}
    show_if: {item: lived_in, equals: "yes"}
    items:
      - id: occupants
        type: integer
        required: true
        label: {zh: 人数, en: Occupants}
        min: 1
        max: 100
      - id: rooms
        type: integer
        label: {zh: 房间, en: Rooms}
        min: 0
        max: 50
      - id: area
        type: decimal
        required: true
        label: {zh: 面积, en: Area}
        unit: {zh: 平方米, en: m²}
        min: 0
        max: 1000
        constraints:
          - check: {lte: 800}
            severity: warning
            message: {zh: 面积很大，请核实, en: A very large area; please check}
      - id: rooms_used
        type: multi_choice
        label: {zh: 住人空间, en: Spaces lived in}
        min: 1
        max: 3
        options:
          - {value: bedroom, label: {zh: 卧室, en: Bedroom}}
          - {value: kitchen, label: {zh: 厨房, en: Kitchen}}
          - {value: balcony, label: {zh: 阳台, en: Balcony}}
          - {value: bathroom, label: {zh: 卫生间, en: Bathroom}}
        violations:
          - when: {any: [{includes: kitchen}, {includes: balcony}, {includes: bathroom}]}
            severity: major
            finding: {zh: 非居住空间住人, en: Non-living space lived in}
      - id: beds
        type: integer
        label: {zh: 床位, en: Beds}
        min: 0
      - id: bunks
        type: integer
        label: {zh: 上下铺, en: Bunks}
        min: 0
        constraints:
          - check: {lte: {item: beds}}
            message: {zh: 上下铺不能多于床位, en: No more bunks than beds}
        violations:
          - when: {gt: 0}
            severity: minor
            finding: {zh: 设置上下铺, en: Bunk beds}
      - id: shelter_lived_in
        type: yes_no_na
        show_if:
          all:
            - {item: kind, equals: basement}
            - not: {item: occupants, lt: 2}
        label: {zh: 人防住人, en: Shelter lived in}
        violations:
          - when: {equals: "yes"}
            severity: critical
            finding: {zh: 人防工程住人, en: Shelter let for living}
  - id: evidence
    title: {zh: 证据, en: Evidence}
    items:
      - id: note
        type: text
        label: {zh: 备注, en: Note}
        max_length: 10
      - id: photos
        type: photo
        required: true
        label: {zh: 照片, en: Photos}
        photo_min: 2
        photo_max: 3
      - id: extra_photos
        type: photo
        label: {zh: 补充照片, en: More photos}
        photo_min: 2
      - id: followup
        type: date
        show_if: {item: note, answered: true}
        label: {zh: 复查, en: Follow-up}
        constraints:
          - check: {gte: {item: visited}}
            message: {zh: 复查不能早于检查, en: Follow-up cannot be before the visit}
"""



MINI_YAML = """\
id: test_storefront
version: 1
work_item: street_order
title: {zh: 开墙打洞检查（测试）, en: Wall-breaching check (test)}
legal_basis:
  - {zh: 《北京市城乡规划条例》, en: Beijing Urban and Rural Planning Regulations}
rectification_days: 15
sections:
  - id: building
    title: {zh: 建筑情况, en: Building}
    items:
      - id: residential
        type: yes_no_na
        label: {zh: 是否为住宅, en: Is it residential}
        required: true
      - id: opening
        type: yes_no_na
        label: {zh: 是否开墙打洞, en: Has a wall been opened}
        required: true
        show_if: {item: residential, equals: "yes"}
        violations:
          - when: {item: opening, equals: "yes"}
            severity: major
            finding: {zh: 住宅开墙打洞经营, en: Residential wall opened for business}
            legal_basis: {zh: 《北京市城乡规划条例》第六十五条, en: Planning regulations art. 65}
      - id: openings
        type: integer
        label: {zh: 开口数量, en: Number of openings}
        unit: {zh: 个, en: openings}
        min: 0
        max: 20
        show_if: {item: opening, equals: "yes"}
        required: true
      - id: note
        type: text
        label: {zh: 备注, en: Notes}
"""


def mini_checklist(version: int = 1, extra_label: str = "") -> tuple[Checklist, str]:
    """The test checklist (optionally another version with a changed label) and its text."""
    text = MINI_YAML.replace("version: 1", f"version: {version}").replace(
        "备注, en: Notes", f"备注{extra_label}, en: Notes{extra_label}"
    )
    return load_checklist_text(text, f"test_storefront.v{version}.yaml"), text

