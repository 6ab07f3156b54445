@licence:ROXE_API_MESSAGING
Feature: Voicemail: mailboxes, connection, voice messages and their WAV files
  A user lists its mailboxes, connects to its own with its password ("the mandatory step to access all
  voice mail feature", L9267), lists, downloads (a WAV file, L9206-9207) and deletes its messages;
  deleting sends OnEventSummaryUpdated (L9370, L9419). An administrator names the user with loginName.
  Messages are left by calls diverted to the voice mail, on the emulator's virtual clock
  (o2g-rest-api-reference.txt L9205-9714).

  @op:messaging.mailboxes.list @user
  Scenario: A user lists its mailbox and what it can do
    When user A lists its mailboxes
    Then the answer is 200 with a MailBoxes body
    And the answer lists the mailbox of user A with its capabilities

  @op:messaging.mailboxes.list @user
  Scenario: A user without voice mail has no mailbox
    Given user D has no voice mailbox
    When user D lists its mailboxes
    Then the answer is 200 with a MailBoxes body
    And the answer lists no mailbox

  @op:messaging.mailboxes.list @admin
  Scenario: An administrator lists the mailboxes of the user it names
    When the administrator lists the mailboxes of user B
    Then the answer is 200 with a MailBoxes body
    And the answer lists the mailbox of user B with its capabilities

  @op:messaging.mailbox.connect @user
  Scenario: A user connects to its mailbox with its password
    When user A connects to its mailbox
    Then the answer is 200 with a MailBoxInfo body
    And the mailbox information in the answer is consistent

  @op:messaging.mailbox.connect @user
  Scenario: A user connects to its mailbox with its user password (withUserPwd, L9285-9289)
    When user A connects to its mailbox with its user password
    Then the answer is 200 with a MailBoxInfo body
    And the mailbox information in the answer is consistent

  @op:messaging.mailbox.connect @admin
  Scenario: An administrator connects to the mailbox of the user it names
    When the administrator connects to the mailbox of user B
    Then the answer is 200 with a MailBoxInfo body
    And the mailbox information in the answer is consistent

  @op:messaging.mailbox.connect @user @negative
  Scenario Outline: A connection the mailbox refuses
    When user A connects to <mailbox>
    Then the answer is the error <type> with status <status>

    Examples: a bad credential (L315), the password is mandatory without withUserPwd (L9287-9290), another user's or no mailbox
      | mailbox                           | type          | status |
      | its mailbox with a wrong password | NOT_ALLOWED   | 403    |
      | its mailbox without password      | BAD_PARAMETER | 400    |
      | the mailbox of user B             | NOT_ALLOWED   | 403    |
      | an unknown mailbox                | NOT_FOUND     | 400    |

  @op:messaging.voicemails.list @user
  Scenario: A connected user lists its voice messages
    Given user A is connected to its mailbox
    When user A lists its voice messages
    Then the answer is 200 with a Voicemails body

  @op:messaging.voicemails.list @op:messaging.mailbox.connect @user @needs-control:clock @destructive
  Scenario: A message left by a caller is listed, new, with its sender and duration
    Given user B has left a message of 7 seconds for user A
    When user A connects to its mailbox
    Then the answer is 200 with a MailBoxInfo body
    And the mailbox information in the answer counts 1 message, 1 new
    When user A lists its voice messages
    Then the answer is 200 with a Voicemails body
    And the answer lists a new message from user B of 7 seconds

  @op:messaging.voicemails.list @user @needs-control:clock @destructive
  Scenario Outline: The listing is filtered and paged
    Given user B has left a message of 3 seconds for user A
    And user C has left a message of 4 seconds for user A
    And user A is connected to its mailbox
    And user A has downloaded the message from user B
    When user A lists its voice messages with "<query>"
    Then the answer is 200 with a Voicemails body
    And the answer lists exactly <which>

    Examples: newOnly, offset and limit (L9332-9339), newest first
      | query             | which                                               |
      | newOnly=true      | the message from user C                             |
      | offset=0&limit=1  | the message from user C                             |
      | offset=1&limit=-1 | the message from user B                             |
      | limit=-1          | the message from user C and the message from user B |

  @op:messaging.voicemails.list @admin
  Scenario: An administrator lists the voice messages of the user it names
    Given the administrator is connected to the mailbox of user B
    When the administrator lists the voice messages of user B
    Then the answer is 200 with a Voicemails body

  @op:messaging.voicemails.list @user @negative
  Scenario Outline: Paging parameters with wrong values are bad parameters
    Given user A is connected to its mailbox
    When user A lists its voice messages with "<query>"
    Then the answer is the error BAD_PARAMETER with status 400

    Examples: offset, limit (int, -1 = no limit) and newOnly (boolean) (L9332-9339)
      | query       |
      | limit=all   |
      | offset=-1   |
      | newOnly=yes |

  @user @negative
  Scenario Outline: A mailbox is used only after connecting to it
    # "a previous call to ... POST /messaging/mailboxes/{mailboxId} must be done" (L9368, L9417, L9460; L9267).
    When user A <action> without connecting to its mailbox
    Then the answer is the error NOT_EXPECTED with status 400

    @op.messaging.voicemails.list
    Examples: the user's state does not allow it (NOT_EXPECTED, L317)
      | action                       |
      | lists its voice messages     |

    @op.messaging.voicemails.delete
    Examples: the user's state does not allow it (NOT_EXPECTED, L317)
      | action                       |
      | deletes all its messages     |

    @op.messaging.voicemail.delete
    Examples: the user's state does not allow it (NOT_EXPECTED, L317)
      | action                       |
      | deletes an unknown message   |

    @op.messaging.voicemail.download
    Examples: the user's state does not allow it (NOT_EXPECTED, L317)
      | action                       |
      | downloads an unknown message |

  @op:messaging.voicemail.download @user @needs-control:clock @destructive
  Scenario: A user downloads a message as a WAV file
    Given user B has left a message of 3 seconds for user A
    And user A is connected to its mailbox
    When user A downloads the message from user B
    Then the answer is 200 with a WAV file sent as an attachment

  @op:messaging.voicemail.download @admin @needs-control:clock @destructive
  Scenario: An administrator downloads a message of the user it names
    Given user C has left a message of 2 seconds for user B
    And the administrator is connected to the mailbox of user B
    When the administrator downloads the message from user C in the mailbox of user B
    Then the answer is 200 with a WAV file sent as an attachment

  @op:messaging.voicemail.download @user @negative
  Scenario: A message the mailbox does not hold is not found
    Given user A is connected to its mailbox
    When user A downloads an unknown message
    Then the answer is the error NOT_FOUND with status 400

  @op:messaging.voicemail.delete @user @needs-control:clock @destructive @event:OnEventSummaryUpdated
  Scenario: A user deletes one message and its counters are refreshed
    Given user B has left a message of 3 seconds for user A
    And user C has left a message of 4 seconds for user A
    And user A is connected to its mailbox
    And user A has read its event summary
    And user A listens to "eventSummary" events
    When user A deletes the message from user B
    Then the answer is 204 with no body
    And user A receives its event summary with the voice message counter fallen by 1
    And the mailbox of user A holds the message from user C only

  @op:messaging.voicemail.delete @user @negative
  Scenario: A user cannot delete a message of another user's mailbox
    When user A deletes an unknown message in the mailbox of user B
    Then the answer is the error NOT_ALLOWED with status 403

  @op:messaging.voicemails.delete @user @needs-control:clock @destructive @event:OnEventSummaryUpdated
  Scenario: A user deletes the messages it names
    Given user B has left a message of 3 seconds for user A
    And user C has left a message of 4 seconds for user A
    And user A is connected to its mailbox
    And user A has read its event summary
    And user A listens to "eventSummary" events
    When user A deletes the messages from users B and C
    Then the answer is 204 with no body
    And user A receives its event summary with the voice message counter fallen by 2
    And the mailbox of user A holds no message

  @op:messaging.voicemails.delete @user @needs-control:clock @destructive @event:OnEventSummaryUpdated
  Scenario: A user deletes all its messages
    Given user B has left a message of 3 seconds for user A
    And user A is connected to its mailbox
    And user A listens to "eventSummary" events
    When user A deletes all its messages
    Then the answer is 204 with no body
    And user A receives its event summary with 0 voice messages
    And the mailbox of user A holds no message

  @op:messaging.voicemails.delete @admin @needs-control:clock @destructive
  Scenario: An administrator deletes the messages of the user it names
    Given user A has left a message of 3 seconds for user B
    And the administrator is connected to the mailbox of user B
    When the administrator deletes all the messages of user B
    Then the answer is 204 with no body

  @op:messaging.mailboxes.list
  @admin @negative
  Scenario Outline: An administrator must name the user it acts for
    When the administrator <action> with no loginName
    Then the answer is the error BAD_PARAMETER with status 400

    Examples: loginName "MUST be specified" for an administrator session (L9240-9243)
      | action                   |
      | lists the mailboxes      |

    @op.messaging.mailbox.connect
    Examples: loginName "MUST be specified" for an administrator session (L9240-9243)
      | action                   |
      | connects to a mailbox    |

    @op.messaging.voicemails.list
    Examples: loginName "MUST be specified" for an administrator session (L9240-9243)
      | action                   |
      | lists the voice messages |

    @op.messaging.voicemails.delete
    Examples: loginName "MUST be specified" for an administrator session (L9240-9243)
      | action                   |
      | deletes the messages     |

    @op.messaging.voicemail.delete
    Examples: loginName "MUST be specified" for an administrator session (L9240-9243)
      | action                   |
      | deletes a message        |

    @op.messaging.voicemail.download
    Examples: loginName "MUST be specified" for an administrator session (L9240-9243)
      | action                   |
      | downloads a message      |

  @op:routing.overflowroute.set @op:messaging.voicemails.list @op:eventsummary.get @user @destructive
  @needs-control:clock @event:OnEventSummaryUpdated
  Scenario: A call not answered overflows to the voice mail, leaves a message and raises the voice message counter
    Given user A has an overflow to its voice mail on no answer
    And user A has read its event summary
    And user A listens to "eventSummary" events
    And user B has called user A
    When 20 virtual seconds pass
    And 5 virtual seconds pass
    And user B hangs up the call with user A
    Then user A receives its event summary with the voice message counter risen by 1
    And the voice message counter of user A has risen by 1
    When user A connects to its mailbox
    Then the answer is 200 with a MailBoxInfo body
    When user A lists its voice messages
    Then the answer is 200 with a Voicemails body
    And the answer lists a new message from user B of 5 seconds
