-- The checkout step that marks the D1 order paid was named `settling`; it is `marking_paid` now.
UPDATE `checkouts` SET `state` = 'marking_paid' WHERE `state` = 'settling';
