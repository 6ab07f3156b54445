Feature: Licences of administrator subscriptions
  "Only one license per package will be taken, but the amount of supervised users can not exceed the
  number of TELEPHONY_ADVANCED licenses": a user counts when first part of an administrator's subscription,
  stops counting with the last one, and a subscription that would exceed is refused whole
  (o2g-rest-api-reference.txt L2147-2153).

  @op:subscriptions.subscription.create @admin @needs-control:licence
  Scenario: Supervised users are counted once; a subscription that would exceed is refused whole
    Given the emulator's licences are:
      | name                  | total |
      | ROXE_API_TEL_ADVANCED | 3     |
    And the administrator has an open session
    When the administrator subscribes with the selectors:
      | ids  | names     |
      | A, B | telephony |
    Then the subscription is accepted with polling URLs
    And the system status counts 2 users of the licence "ROXE_API_TEL_ADVANCED"
    When the administrator subscribes with the selectors:
      | ids     | names     |
      | A, B, C | telephony |
    Then the subscription is accepted with polling URLs
    And the system status counts 3 users of the licence "ROXE_API_TEL_ADVANCED"
    When the administrator subscribes with the selectors:
      | ids  | names     |
      | C, D | telephony |
    Then the subscription is refused with a message
    And the system status counts 3 users of the licence "ROXE_API_TEL_ADVANCED"
    When the administrator subscribes with the selectors:
      | ids | names     |
      | *   | telephony |
    Then the subscription is refused with a message

  @op:subscriptions.subscription.create @admin @needs-control:licence
  Scenario: System events take no licence
    Given the emulator runs with the licence file "none.yaml"
    And the administrator has an open session
    When the administrator subscribes with the selectors:
      | ids  | names  |
      | none | system |
    Then the subscription is accepted with polling URLs
